/* Timers for the question decks: each [data-timer] counts down to its data-ends-at (an ISO time
   from the server), so a reload or a sleeping phone never loses time. The page works without
   this script; it only adds the countdown. A live region speaks once, when time is up. With
   prefers-reduced-motion the bar does not animate (see toward.css); the text still updates. */
(function () {
  "use strict";
  var timers = document.querySelectorAll("[data-timer]");
  if (!timers.length) return;

  function format(ms) {
    var total = Math.max(0, Math.round(ms / 1000));
    var minutes = Math.floor(total / 60);
    var seconds = total % 60;
    return minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
  }

  timers.forEach(function (el) {
    var endsAt = Date.parse(el.getAttribute("data-ends-at"));
    if (isNaN(endsAt)) return;
    var minutes = parseFloat(el.getAttribute("data-minutes") || "0");
    var soft = el.hasAttribute("data-soft-end");
    var text = document.createElement("span");
    text.className = "timer-text";
    var bar = document.createElement("span");
    bar.className = "timer-bar";
    bar.setAttribute("aria-hidden", "true");
    var fill = document.createElement("span");
    bar.appendChild(fill);
    var live = document.createElement("span");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    el.textContent = "";
    el.appendChild(text);
    if (minutes) el.appendChild(bar);
    el.appendChild(live);
    var announced = false;

    function tick() {
      var left = endsAt - Date.now();
      if (left > 0) {
        text.textContent = soft
          ? "About " + Math.ceil(left / 60000) + " min left of the time you set."
          : format(left) + " left for this step";
        if (minutes) fill.style.width = (100 * (1 - left / (minutes * 60000))).toFixed(1) + "%";
        return;
      }
      fill.style.width = "100%";
      text.textContent = soft
        ? "You've reached the time you set. Wind down whenever it feels right."
        : "Time for this step is up. Finish your thought; there's no rush.";
      if (!announced) {
        live.textContent = text.textContent;
        announced = true;
      }
      window.clearInterval(handle);
    }
    var handle = window.setInterval(tick, 1000);
    tick();
  });
})();
