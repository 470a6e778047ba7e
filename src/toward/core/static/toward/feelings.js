/* The feelings wheel: keyboard movement, definitions as you explore, and (in a check-in) picking
   a feeling straight from the wheel. Pages work without this script: the wheel's segments are
   links into the list, and the check-in has plain selects.
   Keys: left and right move around a ring, up goes out to more exact feelings, down goes back
   in, Home returns to the first core feeling, Enter or Space chooses. */
(function () {
  "use strict";

  function setUp(root) {
    var picker = root.hasAttribute("data-picker");
    var segs = Array.prototype.slice.call(root.querySelectorAll(".seg"));
    var detail = root.querySelector("[data-wheel-detail]");
    var byId = {};
    var rings = { 1: [], 2: [], 3: [] };
    segs.forEach(function (seg) {
      byId[seg.getAttribute("data-id")] = seg;
      rings[seg.getAttribute("data-level")].push(seg);
    });
    if (picker) {
      root.hidden = false;
      var wrap = root.closest("[data-wheel-wrap]");
      if (wrap) wrap.hidden = false;
    }

    function trail(seg) {
      var names = [];
      while (seg) {
        names.unshift(seg.getAttribute("data-label"));
        seg = byId[seg.getAttribute("data-parent")];
      }
      return names.join(" › ");
    }

    function describe(seg) {
      segs.forEach(function (s) { s.classList.remove("is-current"); });
      seg.classList.add("is-current");
      if (detail) detail.textContent = trail(seg) + ": " + seg.getAttribute("data-definition");
    }

    function moveTo(seg) {
      if (!seg) return;
      segs.forEach(function (s) { s.setAttribute("tabindex", "-1"); });
      seg.setAttribute("tabindex", "0");
      seg.focus();
      describe(seg);
    }

    function firstChild(seg) {
      var id = seg.getAttribute("data-id");
      return segs.filter(function (s) { return s.getAttribute("data-parent") === id; })[0];
    }

    function step(seg, by) {
      var ring = rings[seg.getAttribute("data-level")];
      var i = ring.indexOf(seg);
      return ring[(i + by + ring.length) % ring.length];
    }

    function choose(seg) {
      var form = root.closest("form");
      var slots = form ? Array.prototype.slice.call(form.querySelectorAll("select[data-slot]")) : [];
      if (!slots.length) return;
      var id = seg.getAttribute("data-id");
      var already = slots.filter(function (s) { return s.value === id; })[0];
      var target = already || slots.filter(function (s) { return !s.value; })[0] || slots[slots.length - 1];
      target.value = id;
      target.dispatchEvent(new Event("change", { bubbles: true }));
      var n = slots.indexOf(target) + 1;
      if (detail) {
        detail.textContent = "Chose “" + seg.getAttribute("data-label") + "” as feeling " + n +
          ". You can say how strongly just below.";
      }
    }

    // A search box above the places: type part of a name or a definition, choose a result.
    var form = root.closest("form");
    var search = picker && form ? form.querySelector("[data-feeling-search]") : null;
    if (search) {
      var input = search.querySelector("input");
      var list = search.querySelector("ul");
      search.hidden = false;
      input.addEventListener("input", function () {
        var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
        list.textContent = "";
        if (!words.length) return;
        segs.filter(function (seg) {
          var text = (seg.getAttribute("data-label") + " " +
            seg.getAttribute("data-definition")).toLowerCase();
          return words.every(function (w) { return text.indexOf(w) !== -1; });
        }).slice(0, 8).forEach(function (seg) {
          var item = document.createElement("li");
          var button = document.createElement("button");
          button.type = "button";
          button.className = "secondary";
          button.textContent = trail(seg);
          button.addEventListener("click", function () {
            choose(seg);
            input.value = "";
            list.textContent = "";
            var note = document.createElement("li");
            note.textContent = detail ? detail.textContent : "";
            list.appendChild(note);
          });
          item.appendChild(button);
          list.appendChild(item);
        });
      });
    }

    root.addEventListener("keydown", function (event) {
      var seg = event.target.closest(".seg");
      if (!seg) return;
      var next = null;
      switch (event.key) {
        case "ArrowRight": next = step(seg, 1); break;
        case "ArrowLeft": next = step(seg, -1); break;
        case "ArrowUp": next = firstChild(seg); break;
        case "ArrowDown": next = byId[seg.getAttribute("data-parent")]; break;
        case "Home": next = rings[1][0]; break;
        case "Enter":
        case " ":
          if (picker) {
            event.preventDefault();
            choose(seg);
          } else if (event.key === " ") {
            event.preventDefault();
            seg.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true }));
          }
          return;
        default: return;
      }
      event.preventDefault();
      moveTo(next);
    });

    root.addEventListener("click", function (event) {
      var seg = event.target.closest(".seg");
      if (!seg) return;
      describe(seg);
      if (picker) {
        event.preventDefault();
        choose(seg);
      }
    });

    segs.forEach(function (seg) {
      seg.addEventListener("focus", function () { describe(seg); });
      seg.addEventListener("mouseenter", function () { describe(seg); });
    });
  }

  // On the wheel page a segment links into the list: open the group it lives in.
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    var group = target && target.closest("details");
    if (group) {
      group.open = true;
      target.scrollIntoView({ block: "center" });
    }
  }

  document.querySelectorAll("[data-wheel]").forEach(setUp);
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
