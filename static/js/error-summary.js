// Error summary (GOV.UK Design System's pattern): focused when the page loads, so a screen
// reader reads it and a phone shows it first; each link moves focus to its field and scrolls
// the field's label or legend into view (a plain #fragment would hide the question).
(function () {
  "use strict";

  function questionFor(field) {
    var fieldset = field.closest("fieldset");
    if (fieldset && field.type && (field.type === "checkbox" || field.type === "radio")) {
      var legend = fieldset.querySelector("legend");
      if (legend) return legend;
    }
    if (field.id) {
      var label = document.querySelector('label[for="' + CSS.escape(field.id) + '"]');
      if (label) return label;
    }
    return field;
  }

  function openDetailsAround(element) {
    for (var node = element.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  }

  // On the document, so a summary put in later (the upload page's script) works too.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) return;
    event.preventDefault();
    openDetailsAround(field);
    questionFor(field).scrollIntoView();
    field.focus({ preventScroll: true });
  });

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  });
})();
