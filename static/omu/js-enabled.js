// Tells GOV.UK Frontend's styles that JavaScript runs (and whether its components are
// supported) before the page paints. Loaded at the top of <body>, as a file: the
// Content-Security-Policy allows no inline script.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
