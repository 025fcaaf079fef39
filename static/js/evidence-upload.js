// Evidence upload: drag-and-drop onto the file box and a progress bar for large uploads.
// Without this script the plain file input and form post work the same way.
(function () {
  "use strict";
  // The words she reads come from Django's JavaScript catalogue (/jsi18n/, loaded before this
  // script) in her language; should it fail to load, they stay in English.
  function gettext(text) { return window.gettext ? window.gettext(text) : text; }

  function describe(files, list) {
    list.textContent = "";
    Array.prototype.forEach.call(files, function (file) {
      var item = document.createElement("li");
      item.textContent = file.name + " (" + Math.max(1, Math.round(file.size / 1024)) + " KB)";
      list.appendChild(item);
    });
  }

  function enhance(form) {
    var input = form.querySelector("input[type=file]");
    var zone = form.querySelector("[data-drop-zone]");
    var list = form.querySelector("[data-chosen-files]");
    var progress = form.querySelector("[data-progress]");
    var bar = form.querySelector("[data-progress-bar]");
    var text = form.querySelector("[data-progress-text]");
    var button = form.querySelector("button[type=submit]");
    if (!input || !zone || !window.FormData || !window.XMLHttpRequest) {
      return;
    }
    form.querySelector("[data-drop-hint]").hidden = false;
    input.addEventListener("change", function () { describe(input.files, list); });
    // Files chosen before this ran (a slow load, or restored by Back) are listed too.
    if (input.files.length) describe(input.files, list);

    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("drop-zone-active");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("drop-zone-active"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        describe(input.files, list);
      }
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var request = new XMLHttpRequest();
      request.open("POST", form.getAttribute("action") || window.location.href);
      request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      progress.hidden = false;
      button.disabled = true;
      request.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          var percent = Math.round((e.loaded / e.total) * 100);
          bar.value = percent;
          text.textContent = percent + "%";
        }
      });
      request.upload.addEventListener("load", function () {
        text.textContent = gettext("Checking and encrypting…");
      });
      request.addEventListener("load", function () {
        var type = request.getResponseHeader("Content-Type") || "";
        if (type.indexOf("application/json") === 0) {
          window.location.assign(JSON.parse(request.responseText).redirect);
          return;
        }
        // The server answered with the page again (some files refused): show it.
        var page = new DOMParser().parseFromString(request.responseText, "text/html");
        var main = page.querySelector("main");
        if (main) {
          document.querySelector("main").replaceWith(document.adoptNode(main));
          var again = document.querySelector("[data-upload-form]");
          if (again) { enhance(again); }
          var summary = document.querySelector("[data-error-summary]");
          if (summary) { summary.focus(); }
        }
      });
      request.addEventListener("error", function () {
        button.disabled = false;
        progress.hidden = true;
        text.textContent = "";
        window.alert(gettext("The upload stopped before it finished (the connection may have " +
          "dropped). Nothing was kept from an unfinished file: please try again."));
      });
      request.send(new FormData(form));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-upload-form]");
    if (form) { enhance(form); }
  });
}());
