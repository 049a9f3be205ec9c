// GOV.UK's timeout warning: a modal dialog shortly before a signed-in user's session ends for
// inactivity. "Stay signed in" (or Escape) asks the server to move the expiry on; "Sign out"
// submits the header's sign-out form; at the end the page goes to the sign-in page, which says
// why. Tabs share the last activity through localStorage, so a busy tab keeps the others quiet.
// Without JavaScript nothing shows and the session still ends (the server decides).
(function () {
  'use strict';
  var dialog = document.getElementById('omu-timeout-warning');
  if (!dialog || typeof dialog.showModal !== 'function' || !window.fetch) { return; }

  var KEY = 'omu-last-activity';
  var idle = Number(dialog.getAttribute('data-idle-seconds')) * 1000;
  var warnBefore = Number(dialog.getAttribute('data-warning-seconds')) * 1000;
  var keepAliveUrl = dialog.getAttribute('data-keep-alive-url');
  var timedOutUrl = dialog.getAttribute('data-timed-out-url');
  var countdown = dialog.querySelector('[data-omu-timeout-countdown]');
  var announce = dialog.querySelector('[data-omu-timeout-announce]');
  var stayButton = dialog.querySelector('[data-omu-timeout-stay]');
  var started = Date.now();
  var warnTimer = null;
  var tick = null;
  var lastAnnounced = '';

  function stored() {
    try { return Number(window.localStorage.getItem(KEY)) || 0; } catch (e) { return 0; }
  }

  function touch() {
    started = Date.now();
    try { window.localStorage.setItem(KEY, String(started)); } catch (e) { /* private mode */ }
  }

  function timeLeft() { return Math.max(started, stored()) + idle - Date.now(); }

  function words(ms) {
    var seconds = Math.max(0, Math.ceil(ms / 1000));
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    var parts = [];
    if (minutes) { parts.push(minutes + (minutes === 1 ? ' minute' : ' minutes')); }
    if (rest || !minutes) { parts.push(rest + (rest === 1 ? ' second' : ' seconds')); }
    return parts.join(' ');
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
    // Screen readers hear the time once a minute, then at 30 and 10 seconds, not every second.
    var seconds = Math.ceil(left / 1000);
    var said = seconds > 60 ? words(Math.ceil(seconds / 60) * 60000) : (seconds <= 10 ? words(10000) : (seconds <= 30 ? words(30000) : words(60000)));
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
        touch();
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
  touch();
  schedule();
})();
