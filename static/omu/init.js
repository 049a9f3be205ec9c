// Starts GOV.UK Frontend's and MoJ Frontend's components, and the service's print buttons.
// A file, not an inline script: the Content-Security-Policy allows none.
(function () {
  'use strict';
  if (window.GOVUKFrontend) { window.GOVUKFrontend.initAll(); }
  if (window.MOJFrontend) { window.MOJFrontend.initAll(); }

  // A print button is <button data-omu-print>.
  var printButtons = document.querySelectorAll('[data-omu-print]');
  Array.prototype.forEach.call(printButtons, function (button) {
    button.addEventListener('click', function () { window.print(); });
  });
})();
