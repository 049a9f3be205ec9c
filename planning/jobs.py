"""The long step of a what-if across prisons, run as a background task (`planning.tasks`; in
the web process when there is no broker): work it out and store its figures. Progress is kept
in the cache while it runs, so the page can show it."""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.utils import timezone

from planning import selectors
from planning.models import WhatIfRun

logger = logging.getLogger(__name__)


def _progress_key(run_id: int) -> str:
    return f"whatif-run:{run_id}:progress"


def whatif_run_execute(*, run_id: int) -> WhatIfRun:
    """Work out a queued run and store its figures; safe to run twice (a run that has started
    or finished is left alone)."""
    claimed = WhatIfRun.objects.filter(pk=run_id, status=WhatIfRun.Status.QUEUED).update(
        status=WhatIfRun.Status.RUNNING
    )
    run = WhatIfRun.objects.get(pk=run_id)
    if not claimed:
        return run

    def progress(done: int, total: int) -> None:
        cache.set(_progress_key(run_id), int(100 * done / max(total, 1)), 3600)

    prisons = list(run.prisons.select_related("policy").order_by("name"))
    try:
        whatif = selectors.policy_whatif(prisons, run.changes, today=run.start, progress=progress)
    except Exception as exc:  # recorded on the run for the page; the logs keep the trace
        logger.exception("What-if run %s failed", run_id)
        run.status = WhatIfRun.Status.FAILED
        run.failure = str(exc)[:1000] or type(exc).__name__
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "failure", "finished_at"])
        return run
    run.result = whatif.as_json()
    run.status = WhatIfRun.Status.DONE
    run.progress = 100
    run.finished_at = timezone.now()
    run.save(update_fields=["result", "status", "progress", "finished_at"])
    return run


def run_progress(run: WhatIfRun) -> int:
    """Percent done: what the running task reported, else the stored figure."""
    if run.status == WhatIfRun.Status.RUNNING:
        found = cache.get(_progress_key(run.pk))
        return int(found) if found is not None else run.progress
    return run.progress
