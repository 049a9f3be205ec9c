from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from cases.services import heartbeat_record
from cases.tasks import heartbeat


def test_it_reports_the_database_and_broker(db: None, settings: object) -> None:
    response = Client().get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "heartbeat": None}


def test_it_says_when_no_broker_is_configured(db: None, settings: object) -> None:
    settings.REDIS_URL = ""
    assert Client().get("/healthz/").json()["broker"] == "not configured"


def test_it_says_when_the_broker_is_down(db: None, settings: object) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    body = Client().get("/healthz/").json()
    assert body["broker"] == "unreachable"


def test_it_answers_503_when_the_database_is_down(db: None) -> None:
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError):
        response = Client().get("/healthz/")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db
def test_the_heartbeat_task_shows_on_healthz_and_is_safe_to_repeat() -> None:
    first = heartbeat()
    second = heartbeat()
    assert second >= first
    from cases.models import Heartbeat

    assert Heartbeat.objects.count() == 1
    assert Client().get("/healthz/").json()["heartbeat"] == second


def test_heartbeat_record_keeps_one_row(db: None) -> None:
    now = timezone.now()
    heartbeat_record(name="x", now=now)
    beat = heartbeat_record(name="x", now=now)
    assert beat.last_run_at == now
