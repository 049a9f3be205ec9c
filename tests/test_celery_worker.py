"""A real Celery worker, talking to Redis, runs a task end to end (not eager mode)."""

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections

from cases.models import Heartbeat
from cases.tasks import heartbeat
from omu.celery import app


def _close_the_workers_connections(**_: object) -> None:
    """The worker runs the task in a thread of its own, with its own database connection; left
    open, it outlives the test and PostgreSQL refuses to drop the test database at the end."""
    connections.close_all()


@pytest.mark.worker
def test_a_real_worker_runs_the_heartbeat_through_redis(transactional_db: None) -> None:
    assert app.conf.broker_url.startswith("redis://")
    app.conf.task_always_eager = False
    task_postrun.connect(_close_the_workers_connections, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            result = heartbeat.delay()
            value = result.get(timeout=30)
    finally:
        app.conf.task_always_eager = True
        task_postrun.disconnect(_close_the_workers_connections)
    assert result.successful()
    assert Heartbeat.objects.get(name="heartbeat").last_run_at.isoformat() == value


def test_the_beat_schedule_names_only_registered_tasks() -> None:
    app.loader.import_default_modules()
    for name, entry in app.conf.beat_schedule.items():
        assert entry["task"] in app.tasks, name
