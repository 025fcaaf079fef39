// Polls an export's status and fills in the progress bar; without JavaScript the page's
// refresh link does the same job. Nothing is stored in the browser.
(function () {
  "use strict";
  // The words she reads come from Django's JavaScript catalogue (/jsi18n/, loaded before this
  // script) in her language; should it fail to load, they stay in English.
  function gettext(text) { return window.gettext ? window.gettext(text) : text; }
  function interpolate(text, values, named) {
    if (window.interpolate) return window.interpolate(text, values, named);
    return named
      ? text.replace(/%\(\w+\)s/g, function (m) { return String(values[m.slice(2, -2)]); })
      : text.replace(/%s/g, function () { return String(values.shift()); });
  }
  var box = document.querySelector("[data-export-status]");
  var bar = document.getElementById("export-progress");
  if (!box || !bar) { return; }
  var url = box.getAttribute("data-export-status");
  var stage = box.querySelector("[data-export-stage]");
  var label = box.querySelector("label[for='export-progress']");
  var download = box.querySelector(".export-download");
  var refresh = box.querySelector(".export-refresh");
  var back = box.querySelector(".export-back");

  function show(data) {
    bar.value = data.progress_percent;
    bar.textContent = data.progress_percent + "%";
    if (label && data.stage) { label.textContent = data.stage; }
    if (data.ready) {
      bar.value = 100;
      if (label) { label.textContent = gettext("Ready"); }
      stage.textContent = gettext("Your export is ready.");
      download.hidden = false;
      if (refresh) { refresh.hidden = true; }
      return true;
    }
    if (data.finished) {
      // Failed (its worker stopped twice, say) or deleted: say so, and stop asking.
      bar.hidden = true;
      if (label) { label.hidden = true; }
      if (refresh) { refresh.hidden = true; }
      if (back) { back.hidden = false; }
      if (data.error) { stage.setAttribute("role", "alert"); }
      stage.textContent = data.error || data.status_label;
      return true;
    }
    stage.textContent = interpolate(gettext("%(percent)s done."), { percent: data.progress_percent + "%" }, true);
    return false;
  }

  function gone() {
    bar.hidden = true;
    if (label) { label.hidden = true; }
    if (refresh) { refresh.hidden = true; }
    stage.textContent = gettext("This export is no longer available. Go back to the export page to make a new one.");
  }

  function poll() {
    fetch(url, { credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" } })
      .then(function (response) {
        // Redirected to the sign-in page: the session has ended (idle or signed out
        // elsewhere), so leave this page rather than keep showing it.
        if (response.redirected) { window.location.replace(response.url); return null; }
        // Gone for good (deleted, or access to the log ended): stop asking and say so.
        if (response.status === 404) { gone(); return null; }
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (data) { if (data && !show(data)) { window.setTimeout(poll, 1000); } })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
