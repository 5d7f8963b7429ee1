// Progressive enhancement only: every feature works without this file.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (!summary) { return; }
  // Move focus to the error summary so keyboard and screen-reader users hear it first.
  summary.focus();
  // A link in the summary puts the focus in the field itself (the first input of a group) and shows its
  // label or legend too, as the GOV.UK error summary does; without this file the link only scrolls.
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) { return; }
    var input = target.matches("input, select, textarea, button") ? target : target.querySelector("input, select, textarea");
    if (!input) { return; }
    event.preventDefault();
    var heading = input.closest("fieldset") ? input.closest("fieldset").querySelector("legend") : document.querySelector("label[for='" + input.id + "']");
    (heading || input).scrollIntoView();
    input.focus({ preventScroll: true });
  });
})();
