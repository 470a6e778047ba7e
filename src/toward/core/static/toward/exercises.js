/* The guided exercises' runner (exercises app): countdowns, the breathing pacer, and keeping two
   phones in step. Everything is computed from times the server stored (when the guided part
   starts and ends), never from ticks, so a sleeping phone or a background tab never loses time.
   The server's clock is used through a measured offset. With prefers-reduced-motion the ring
   and the circle stay still and only the words change. A live region speaks at the start and
   at the end, nothing in between. The page works without this script (see "Check again"). */
(function () {
  "use strict";
  // --- the custom minutes box: typing there means "my own length" ---
  var custom = document.querySelector("[data-minutes-custom]");
  if (custom) {
    custom.addEventListener("input", function () {
      if (!custom.value.trim()) return;
      document.querySelectorAll('input[name="minutes"]').forEach(function (r) { r.checked = false; });
    });
  }

  var root = document.querySelector("[data-run]");
  if (!root) return;
  var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var serverNow = Date.parse(root.getAttribute("data-server-now"));
  var offset = isNaN(serverNow) ? 0 : serverNow - Date.now();
  function now() { return Date.now() + offset; }

  function clock(ms) {
    var total = Math.max(0, Math.ceil(ms / 1000));
    var minutes = Math.floor(total / 60);
    var seconds = total % 60;
    return minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
  }

  function say(el, text) {
    if (el && el.textContent !== text) el.textContent = text;
  }

  // --- keeping two phones in step: poll a tiny state document and reload when it changes ---
  var stateUrl = root.getAttribute("data-state-url");
  var version = root.getAttribute("data-version");
  var live = root.getAttribute("data-live") === "1";
  var changed = root.querySelector("[data-changed]");

  function typing() {
    var boxes = root.querySelectorAll("textarea, input[type=text]");
    for (var i = 0; i < boxes.length; i++) if (boxes[i].value.trim()) return true;
    return false;
  }

  function check() {
    if (!stateUrl) return;
    fetch(stateUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || String(data.version) === version) return;
        if (typing()) {
          // Never throw away what someone is writing: say so, and let them reload.
          say(changed, "Something changed in this exercise. Reload the page when you're ready.");
          changed.classList.remove("visually-hidden");
          return;
        }
        window.location.reload();
      })
      .catch(function () { /* offline for a moment: the next check will do */ });
  }

  if (live) {
    window.setInterval(function () { if (!document.hidden) check(); }, 3000);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) check(); });
  }

  // --- a countdown with a quiet ring ---
  root.querySelectorAll("[data-countdown]").forEach(function (el) {
    var startsAt = Date.parse(el.getAttribute("data-starts-at"));
    var endsAt = Date.parse(el.getAttribute("data-ends-at"));
    if (isNaN(startsAt) || isNaN(endsAt)) return;
    var time = el.querySelector("[data-time]");
    var cue = el.querySelector("[data-cue]");
    var ring = el.querySelector("[data-ring]");
    var announce = el.querySelector("[data-announce]");
    var started = false;
    var handle;

    function tick() {
      var t = now();
      if (t < startsAt) {
        say(time, "Starting in " + Math.ceil((startsAt - t) / 1000) + "…");
        return;
      }
      if (!started) {
        started = true;
        say(announce, "Started. " + clock(endsAt - t) + " minutes.");
      }
      var left = endsAt - t;
      if (ring) ring.style.strokeDashoffset = String(100 * (1 - left / (endsAt - startsAt)));
      if (left > 0) {
        say(time, clock(left));
        return;
      }
      if (ring) ring.style.strokeDashoffset = "100";
      say(time, "");
      say(cue, el.getAttribute("data-end-cue"));
      say(announce, el.getAttribute("data-end-cue"));
      el.classList.add("is-done");
      window.clearInterval(handle);
      window.setTimeout(check, 1500);  // the server marks it finished; show the end page
    }
    handle = window.setInterval(tick, 250);
    tick();
  });

  // --- the breathing pacer: a circle that grows as you breathe in and shrinks as you breathe out ---
  root.querySelectorAll("[data-pacer]").forEach(function (el) {
    var startsAt = Date.parse(el.getAttribute("data-starts-at"));
    var inMs = 1000 * parseFloat(el.getAttribute("data-in"));
    var outMs = 1000 * parseFloat(el.getAttribute("data-out"));
    var breaths = parseInt(el.getAttribute("data-breaths"), 10);
    if (isNaN(startsAt) || !inMs || !outMs || !breaths) return;
    var circle = el.querySelector("[data-circle]");
    var phase = el.querySelector("[data-phase]");
    var count = el.querySelector("[data-count]");
    var announce = el.querySelector("[data-announce]");
    var cycle = inMs + outMs;
    var started = false;
    var handle;
    if (reduce) el.classList.add("is-still");

    function ease(p) { return 0.5 - 0.5 * Math.cos(Math.PI * p); }

    function scale(value) {
      if (circle && !reduce) circle.style.transform = "scale(" + value.toFixed(3) + ")";
    }

    function tick() {
      var elapsed = now() - startsAt;
      if (elapsed < 0) {
        say(phase, "Starting in " + Math.ceil(-elapsed / 1000) + "…");
        say(count, "Get comfortable");
        scale(0.45);
        return;
      }
      if (!started) {
        started = true;
        say(announce, "Started. Breathe in as the circle grows, out as it shrinks.");
      }
      if (elapsed >= cycle * breaths) {
        scale(0.45);
        el.classList.remove("is-in", "is-out");
        el.classList.add("is-done");
        say(phase, el.getAttribute("data-end-cue"));
        say(count, "");
        say(announce, el.getAttribute("data-end-cue"));
        window.clearInterval(handle);
        window.setTimeout(check, 1500);
        return;
      }
      var n = Math.floor(elapsed / cycle);
      var within = elapsed - n * cycle;
      var breathingIn = within < inMs;
      var left = breathingIn ? inMs - within : cycle - within;
      scale(breathingIn ? 0.45 + 0.55 * ease(within / inMs) : 1 - 0.55 * ease((within - inMs) / outMs));
      el.classList.toggle("is-in", breathingIn);
      el.classList.toggle("is-out", !breathingIn);
      say(phase, (breathingIn ? "Breathe in" : "Breathe out") + " · " + Math.ceil(left / 1000));
      say(count, "Breath " + (n + 1) + " of " + breaths);
    }
    handle = window.setInterval(tick, 50);
    tick();
  });

})();
