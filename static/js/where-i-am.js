// "Add where I am now": ask the browser for its position only when she presses the button,
// and put it in the form's hidden fields; it is saved only when she saves the form. A refusal,
// a timeout or a browser that cannot tell says so in plain words and fills nothing. No map
// and no network call: the numbers go nowhere but into this form.
(function () {
  "use strict";
  // The words come from Django's JavaScript catalogue (/jsi18n/, loaded before this script)
  // in her language; should it fail to load, they stay in English.
  function gettext(text) { return window.gettext ? window.gettext(text) : text; }
  function interpolate(text, values) {
    if (window.interpolate) return window.interpolate(text, values, true);
    return text.replace(/%\(\w+\)s/g, function (m) { return String(values[m.slice(2, -2)]); });
  }

  var REFUSED = gettext("Your position was not shared, so nothing was added. If you want to add it, allow location for this site in your browser's settings and press the button again, or describe the place in words later.");
  var TIMED_OUT = gettext("Your phone could not find your position in time, so nothing was added. Try again outside or near a window, or describe the place in words later.");
  var UNAVAILABLE = gettext("Your phone could not find your position, so nothing was added. You can describe the place in words later.");
  var UNSUPPORTED = gettext("This browser cannot give your position, so nothing was added. You can describe the place in words later.");

  function describe(lat, lon, accuracy) {
    // Coordinates stay in Western digits with a dot, as a map or the police would read them.
    var place = Number(lat).toFixed(5) + ", " + Number(lon).toFixed(5);
    if (accuracy !== "" && accuracy !== null && !isNaN(Number(accuracy))) {
      var metres = Math.round(Number(accuracy)).toLocaleString(document.documentElement.lang || "en-GB");
      return interpolate(gettext("%(place)s (to within %(metres)s m)"), { place: place, metres: metres });
    }
    return place;
  }

  function added(where) {
    return interpolate(gettext("Added: %(where)s. It is saved when you save."), { where: where });
  }

  function enhance(part) {
    var button = part.querySelector("[data-where-button]");
    var status = part.querySelector("[data-where-status]");
    var remove = part.querySelector("[data-where-remove]");
    var lat = part.querySelector("input[name$=position_latitude]");
    var lon = part.querySelector("input[name$=position_longitude]");
    var accuracy = part.querySelector("input[name$=position_accuracy]");
    if (!button || !lat || !lon) return;
    part.hidden = false;

    function say(text, isProblem) {
      status.textContent = text;
      status.classList.toggle("where-problem", !!isProblem);
    }
    function fill(latitude, longitude, metres) {
      lat.value = latitude; lon.value = longitude; accuracy.value = metres;
      var has = lat.value !== "";
      remove.hidden = !has;
      button.textContent = has ? gettext("Update where I am now") : gettext("Add where I am now");
    }
    if (lat.value && lon.value) {  // the form came back (a mistake elsewhere): keep it
      fill(lat.value, lon.value, accuracy.value);
      say(added(describe(lat.value, lon.value, accuracy.value)));
    }

    button.addEventListener("click", function () {
      if (!("geolocation" in navigator)) { say(UNSUPPORTED, true); return; }
      button.disabled = true;
      say(gettext("Asking your phone where you are…"));
      navigator.geolocation.getCurrentPosition(function (found) {
        button.disabled = false;
        var c = found.coords;
        fill(c.latitude.toFixed(6), c.longitude.toFixed(6),
             typeof c.accuracy === "number" ? Math.round(c.accuracy) : "");
        say(added(describe(c.latitude, c.longitude, c.accuracy)));
      }, function (problem) {
        button.disabled = false;
        fill("", "", "");
        if (problem && problem.code === 1) say(REFUSED, true);
        else if (problem && problem.code === 3) say(TIMED_OUT, true);
        else say(UNAVAILABLE, true);
      }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 0 });
    });

    remove.addEventListener("click", function () {
      fill("", "", "");
      say(gettext("Not added."));
      button.focus();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-where-i-am]").forEach(enhance);
  });
})();
