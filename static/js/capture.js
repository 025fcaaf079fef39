// "Take a photo or video": send the picture as soon as the camera hands it back, so it is
// in the log in one step; say that it is being saved. Without this script the Save button
// sends it the same way.
(function () {
  "use strict";

  function enhance(form) {
    var input = form.querySelector("input[type=file]");
    var send = form.querySelector("[data-capture-send]");
    var status = form.querySelector("[data-capture-status]");
    if (!input || !send) return;
    send.hidden = true;
    input.addEventListener("change", function () {
      if (!input.files.length) return;
      if (status) status.hidden = false;
      // With evidence-upload.js (loaded first, so it has seen the file) the submit event sends
      // it in parts with a progress bar; without it, the form posts it in one request.
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-capture]").forEach(enhance);
  });
})();
