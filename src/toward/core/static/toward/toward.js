/* Toward's small amount of script: the quick exit, the browser's time zone, copy buttons.
   Pages work without it; it only makes these things faster. */
(function () {
  "use strict";
  var body = document.body;
  var exitUrl = body.getAttribute("data-exit-url") || "about:blank";
  var csrf = document.querySelector('meta[name="csrf-token"]');

  function quickExit() {
    // Blank first, so nothing stays on screen while the next page loads.
    document.title = "";
    body.innerHTML = "";
    body.style.background = "#fff";
    try {
      // End the session too, so pressing Back lands on a login page, not on content.
      fetch("/quick-exit/", {
        method: "POST",
        keepalive: true,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf ? csrf.content : "" },
      });
    } catch (e) { /* leaving matters more than logging out */ }
    window.location.replace(exitUrl);
  }

  document.addEventListener("click", function (event) {
    var exit = event.target.closest("[data-quick-exit]");
    if (exit) {
      event.preventDefault();
      quickExit();
    }
    var copy = event.target.closest("[data-copy]");
    if (copy && navigator.clipboard) {
      var target = document.getElementById(copy.getAttribute("data-copy"));
      if (target) {
        navigator.clipboard.writeText(target.textContent.trim()).then(function () {
          copy.textContent = "Copied";
        });
      }
    }
  });

  // Shift pressed three times, each within five seconds of the first, leaves at once.
  var presses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) return;
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 5000; });
    presses.push(now);
    if (presses.length >= 3) quickExit();
  });

  // Fill empty time-zone fields with the browser's own zone.
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) {}
  document.querySelectorAll("input[data-browser-time-zone]").forEach(function (input) {
    if (!input.value && zone) input.value = zone;
  });
})();

(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });
})();
