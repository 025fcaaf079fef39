// "Log it now": typing a time chooses "At"; choosing "At" moves to the time box; at most
// three kinds of thing can be chosen (the others are disabled until one is unchosen).
// Without this script the form works the same; the server checks the same rules.
(function () {
  "use strict";

  function enhance(form) {
    var time = form.querySelector("input[name=at]");
    var at = form.querySelector("input[name=when][value=at]");
    if (time && at) {
      time.addEventListener("input", function () { if (time.value) at.checked = true; });
      at.addEventListener("change", function () { if (at.checked) time.focus(); });
    }
    var group = form.querySelector("[data-most]");
    if (!group) return;
    var most = parseInt(group.getAttribute("data-most"), 10);
    var boxes = group.querySelectorAll("input[type=checkbox]");
    function limit() {
      var chosen = 0;
      boxes.forEach(function (box) { if (box.checked) chosen += 1; });
      boxes.forEach(function (box) { box.disabled = !box.checked && chosen >= most; });
    }
    boxes.forEach(function (box) { box.addEventListener("change", limit); });
    limit();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.log-it-now").forEach(enhance);
  });
})();
