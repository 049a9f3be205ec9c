// Keeps a running job's progress up to date without reloading the page, for a roll import or
// a what-if run (data-module="omu-progress"; data-finished lists the statuses that end it): asks the API every two seconds and updates the bar and the
// status text (role="status", so screen readers hear it); reloads once the job has finished,
// to show its result. Without JavaScript the page offers a link to see the latest progress.
(function () {
  "use strict";
  var FINISHED = ["previewed", "invalid", "applied", "failed"];

  function watch(element) {
    var url = element.getAttribute("data-url");
    var bar = element.querySelector("progress");
    var status = element.querySelector("[role=status]");
    var label = element.getAttribute("data-label");
    var finished = (element.getAttribute("data-finished") || "").split(" ").filter(Boolean);
    if (!finished.length) { finished = FINISHED; }
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (job) {
          if (!job) { return; }
          if (finished.indexOf(job.status) !== -1) { window.location.reload(); return; }
          bar.value = job.progress;
          bar.textContent = job.progress + "%";
          status.textContent = label + ": " + job.progress + "% done.";
          window.setTimeout(poll, 2000);
        })
        .catch(function () { window.setTimeout(poll, 5000); });
    }
    window.setTimeout(poll, 2000);
  }

  var elements = document.querySelectorAll("[data-module=omu-progress]");
  for (var i = 0; i < elements.length; i++) { watch(elements[i]); }
})();
