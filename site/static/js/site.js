// Progressive enhancement only: every feature works without this file.
(function () {
  "use strict";
  // Move focus to the error summary so keyboard and screen-reader users hear it first.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
