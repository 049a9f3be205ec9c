"""A real Celery worker, talking to Redis, runs a task end to end (not eager mode)."""

import pytest
from celery.contrib.testing.worker import start_worker

from cases.models import Heartbeat
from cases.tasks import heartbeat
from omu.celery import app


@pytest.mark.worker
def test_a_real_worker_runs_the_heartbeat_through_redis(transactional_db: None) -> None:
    assert app.conf.broker_url.startswith("redis://")
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            result = heartbeat.delay()
            value = result.get(timeout=30)
    finally:
        app.conf.task_always_eager = True
    assert result.successful()
    assert Heartbeat.objects.get(name="heartbeat").last_run_at.isoformat() == value


def test_the_beat_schedule_names_only_registered_tasks() -> None:
    app.loader.import_default_modules()
    for name, entry in app.conf.beat_schedule.items():
        assert entry["task"] in app.tasks, name
