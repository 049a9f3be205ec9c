"""The Celery app and the periodic schedule, in one place.

django-celery-beat keeps the schedule in the database; its DatabaseScheduler copies the
entries below into the database when beat starts, so this file is the source of truth and
admins can still see (and pause) each entry.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omu.settings.dev")

app = Celery("omu")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Every five minutes: record that the scheduler and a worker are alive (shown on /healthz/).
    "heartbeat": {
        "task": "cases.tasks.heartbeat",
        "schedule": crontab(minute="*/5"),
    },
    # Every day at 23:50 (London): store each prison's dashboard figures for the trend charts.
    "stats-snapshot": {
        "task": "cases.tasks.stats_snapshot",
        "schedule": crontab(hour=23, minute=50),
    },
    # Every day at 00:15 (London): staff whose leave ends today or earlier are set back to active.
    "staff-return-from-leave": {
        "task": "allocation.tasks.staff_return_from_leave",
        "schedule": crontab(hour=0, minute=15),
    },
    # Every night at 01:00 (London): each prison's stored OMiC answers brought up to date where
    # a date they depend on has come (and where facts changed and were not yet re-evaluated),
    # their tasks re-dated, then every task flagged due soon or overdue. One Celery task a
    # prison: run more workers to share it (README, "Running more workers").
    "screening-sweep-overdue": {
        "task": "screening.tasks.sweep_overdue",
        "schedule": crontab(hour=1, minute=0),
    },
    # Every Sunday at 00:30 (London): the same, but every case evaluated and every task synced,
    # the safety net under the incremental nights.
    "screening-sweep-overdue-full": {
        "task": "screening.tasks.sweep_overdue_full",
        "schedule": crontab(hour=0, minute=30, day_of_week="sun"),
    },
    # Every day at 02:00 (London), after the sweep: cases whose handover dates have come move to
    # their new handover state (upcoming, COM allocation overdue, handed over, released), audited.
    "handover-transitions": {
        "task": "handover.tasks.handover_transitions",
        "schedule": crontab(hour=2, minute=0),
    },
    # Every day at 02:15 (London), after the sweep: record the cases whose current sentence came
    # within its early allocation window (18 months before release), once a sentence.
    "allocation-early-allocation-windows": {
        "task": "allocation.tasks.record_early_allocation_windows",
        "schedule": crontab(hour=2, minute=15),
    },
    # Every night at 03:00 (London): read every prison's whole roll from Prisoner Search and
    # apply the differences, then its cases' probation records and tiers; the prisons are
    # spread over FEEDS_SYNC_WINDOW (4 hours). Does nothing without PRISONER_SEARCH_URL.
    "feeds-sync-all-prisons": {
        "task": "feeds.tasks.sync_all_prisons",
        "schedule": crontab(hour=3, minute=0),
    },
    # On the 1st of every month at 07:30 (London), once the night's sweep and the feeds' sync
    # window are over and the stored answers are up to date: draw each prison's case-quality audit sample for the month and
    # share it among its reviewers. A month already drawn is left alone.
    "quality-draw-audit-samples": {
        "task": "quality.tasks.draw_audit_samples",
        "schedule": crontab(hour=7, minute=30, day_of_month=1),
    },
    # Every day at 04:30 (London): delete the access log's reads older than its retention
    # period (ACCESS_LOG_RETENTION_MONTHS, 24 by default).
    "purge-access-log": {
        "task": "cases.tasks.purge_access_log",
        "schedule": crontab(hour=4, minute=30),
    },
    # Every day at 06:30 (London): email each member of staff their overdue and due-soon tasks
    # (once a day, only when there is something to list).
    "screening-task-digests": {
        "task": "screening.tasks.queue_task_digests",
        "schedule": crontab(hour=6, minute=30),
    },
}
