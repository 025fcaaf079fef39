// Quick exit: the button, the skip link, and Shift pressed three times (DESIGN.md section 6).
// Matches GOV.UK "Exit this page": a 5-second window restarted on each press; a Shift used
// to type a capital letter does not count; any other key resets; no Escape (it stops loads).
(function () {
  "use strict";
  // The words she reads come from Django's JavaScript catalogue (/jsi18n/, loaded before this
  // script) in her language; should it fail to load, they stay in English.
  function gettext(text) { return window.gettext ? window.gettext(text) : text; }
  function ngettext(one, many, n) {
    return window.ngettext ? window.ngettext(one, many, n) : (n === 1 ? one : many);
  }
  function interpolate(text, values, named) {
    if (window.interpolate) return window.interpolate(text, values, named);
    return named
      ? text.replace(/%\(\w+\)s/g, function (m) { return String(values[m.slice(2, -2)]); })
      : text.replace(/%s/g, function () { return String(values.shift()); });
  }
  var PRESSES_NEEDED = 3;
  var WINDOW_MS = 5000;
  var presses = 0;
  var timer = null;
  var shiftHeld = false;
  var shiftUsedWithOtherKey = false;

  function exitUrl() {
    var link = document.querySelector("[data-quick-exit]");
    return link ? link.href : "/exit/";
  }

  function announce(text) {
    var region = document.getElementById("exit-announcer");
    if (region) region.textContent = text;
  }

  function exitNow() {
    var overlay = document.querySelector(".exit-overlay");
    if (overlay) overlay.hidden = false;
    document.documentElement.classList.add("exiting");
    document.title = "";
    // replace(): this page is dropped from history, so Back cannot return to it.
    window.location.replace(exitUrl());
  }

  function reset() {
    presses = 0;
    if (timer) window.clearTimeout(timer);
    timer = null;
  }

  function countShift() {
    presses += 1;
    if (timer) window.clearTimeout(timer);
    if (presses >= PRESSES_NEEDED) {
      reset();
      exitNow();
      return;
    }
    var left = PRESSES_NEEDED - presses;
    announce(interpolate(
      ngettext("Shift, press %s more time to exit.", "Shift, press %s more times to exit.", left),
      [left]
    ));
    timer = window.setTimeout(function () {
      reset();
      announce(gettext("Exit this page expired."));
    }, WINDOW_MS);
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") {
      if (!event.repeat) {
        shiftHeld = true;
        shiftUsedWithOtherKey = false;
      }
      return;
    }
    if (shiftHeld) shiftUsedWithOtherKey = true;
    reset();
  }, true);

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") return;
    var counts = shiftHeld && !shiftUsedWithOtherKey;
    shiftHeld = false;
    shiftUsedWithOtherKey = false;
    if (counts) countShift();
  }, true);

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-quick-exit]");
    if (!link) return;
    event.preventDefault();
    exitNow();
  });

  // A page restored from the back-forward cache must not show what was on it.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.documentElement.classList.add("exiting");
      window.location.reload();
    }
  });
})();
