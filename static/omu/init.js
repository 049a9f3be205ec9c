// Starts GOV.UK Frontend's and MoJ Frontend's components, and the service's print buttons.
// A file, not an inline script: the Content-Security-Policy allows none.
(function () {
  'use strict';
  if (window.GOVUKFrontend) { window.GOVUKFrontend.initAll(); }
  if (window.MOJFrontend) { window.MOJFrontend.initAll(); }

  // A print button is <button data-omu-print>. Older pages still say onclick="window.print()",
  // which the policy blocks: the attribute goes and a listener does the same.
  var printButtons = document.querySelectorAll('[data-omu-print], button[onclick="window.print()"]');
  Array.prototype.forEach.call(printButtons, function (button) {
    button.removeAttribute('onclick');
    button.addEventListener('click', function () { window.print(); });
  });
})();
