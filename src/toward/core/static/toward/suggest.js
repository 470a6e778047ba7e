/* A suggested feeling, tapped, goes into the first empty feeling place of the picker. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var chip = event.target.closest("[data-suggest-feeling]");
    if (!chip) return;
    var id = chip.getAttribute("data-suggest-feeling");
    var slots = Array.prototype.slice.call(document.querySelectorAll("select[data-slot]"));
    if (slots.some(function (s) { return s.value === id; })) return;
    var empty = slots.find(function (s) { return !s.value; });
    if (!empty) return;
    empty.value = id;
    empty.dispatchEvent(new Event("change", { bubbles: true }));
    chip.setAttribute("aria-pressed", "true");
    chip.disabled = true;
  });
})();
