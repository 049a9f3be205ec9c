// Starts GOV.UK Frontend's and MoJ Frontend's components, and the service's print buttons.
// A file, not an inline script: the Content-Security-Policy allows none.
(function () {
  'use strict';
  if (window.GOVUKFrontend) { window.GOVUKFrontend.initAll(); }
  if (window.MOJFrontend) { window.MOJFrontend.initAll(); }

  // GOV.UK Frontend's conditional reveal marks a radio aria-expanded, which ARIA does not allow
  // on a radio (axe-core: aria-allowed-attr). The revealed question follows its radio, so the
  // attribute is taken off again after each of its updates.
  function dropExpanded() {
    var radios = document.querySelectorAll('.govuk-radios__input[aria-expanded]');
    Array.prototype.forEach.call(radios, function (radio) { radio.removeAttribute('aria-expanded'); });
  }
  dropExpanded();
  document.addEventListener('click', dropExpanded);
  window.addEventListener('pageshow', dropExpanded);

  // A print button is <button data-omu-print>.
  var printButtons = document.querySelectorAll('[data-omu-print]');
  Array.prototype.forEach.call(printButtons, function (button) {
    button.addEventListener('click', function () { window.print(); });
  });
})();
