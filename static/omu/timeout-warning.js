// GOV.UK's timeout warning: a modal dialog shortly before a signed-in user's session ends for
// inactivity. "Stay signed in" (or Escape) asks the server to move the expiry on; "Sign out"
// submits the header's sign-out form; at the end the page goes to the sign-in page, which says
// why. Tabs share the session's end through localStorage, so a busy tab keeps the others quiet.
// Without JavaScript nothing shows and the session still ends (the server decides).
(function () {
  'use strict';
  var dialog = document.getElementById('omu-timeout-warning');
  if (!dialog || typeof dialog.showModal !== 'function' || !window.fetch) { return; }

  var KEY = 'omu-session-ends';
  var warnBefore = Number(dialog.getAttribute('data-warning-seconds')) * 1000;
  var keepAliveUrl = dialog.getAttribute('data-keep-alive-url');
  var timedOutUrl = dialog.getAttribute('data-timed-out-url');
  var countdown = dialog.querySelector('[data-omu-timeout-countdown]');
  var announce = dialog.querySelector('[data-omu-timeout-announce]');
  var stayButton = dialog.querySelector('[data-omu-timeout-stay]');
  var ends = Date.now() + Number(dialog.getAttribute('data-expires-in')) * 1000;
  var warnTimer = null;
  var tick = null;
  var lastAnnounced = '';

  function shared() {
    try { return Number(window.localStorage.getItem(KEY)) || 0; } catch (e) { return 0; }
  }

  function share(when) {
    ends = when;
    try { window.localStorage.setItem(KEY, String(when)); } catch (e) { /* private mode */ }
  }

  // Another tab may have moved the end on since this page loaded.
  function timeLeft() { return Math.max(ends, shared()) - Date.now(); }

  function words(ms) {
    var seconds = Math.max(0, Math.ceil(ms / 1000));
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    var parts = [];
    if (minutes) { parts.push(minutes + (minutes === 1 ? ' minute' : ' minutes')); }
    if (rest || !minutes) { parts.push(rest + (rest === 1 ? ' second' : ' seconds')); }
    return parts.join(' ');
  }

  // What a screen reader hears: once a minute, then at 30 and 10 seconds, not every second.
  function spoken(ms) {
    var seconds = Math.ceil(ms / 1000);
    if (seconds > 60) { return words(Math.ceil(seconds / 60) * 60000); }
    if (seconds > 30) { return words(60000); }
    return seconds > 10 ? words(30000) : words(10000);
  }

  function stop() {
    window.clearTimeout(warnTimer);
    window.clearInterval(tick);
  }

  function schedule() {
    stop();
    warnTimer = window.setTimeout(warn, Math.max(timeLeft() - warnBefore, 0));
  }

  function close() {
    stop();
    if (dialog.open) { dialog.close(); }
  }

  function signedOut() {
    stop();
    window.location.href = timedOutUrl;
  }

  function update() {
    var left = timeLeft();
    if (left > warnBefore + 1000) { close(); schedule(); return; } // another tab was used
    if (left <= 0) { signedOut(); return; }
    countdown.textContent = words(left);
    var said = spoken(left);
    if (said !== lastAnnounced) {
      lastAnnounced = said;
      announce.textContent = 'We will sign you out in ' + said + '.';
    }
  }

  function warn() {
    if (timeLeft() > warnBefore + 1000) { schedule(); return; }
    lastAnnounced = '';
    if (!dialog.open) { dialog.showModal(); }
    update();
    tick = window.setInterval(update, 1000);
  }

  function stay() {
    window.fetch(keepAliveUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok || response.redirected) { throw new Error('signed out'); }
        return response.json();
      })
      .then(function (body) {
        share(Date.now() + body.expires_in * 1000);
        close();
        schedule();
      })
      .catch(signedOut);
  }

  stayButton.addEventListener('click', stay);
  dialog.addEventListener('cancel', function (event) { event.preventDefault(); stay(); });
  window.addEventListener('storage', function (event) {
    if (event.key === KEY) { close(); schedule(); }
  });
  if (ends > shared()) { share(ends); }
  schedule();
})();
