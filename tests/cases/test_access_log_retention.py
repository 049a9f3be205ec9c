"""The access log keeps reads for its retention period: the nightly purge deletes older ones,
in batches, and a second run deletes nothing."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import override_settings

from cases.models import AccessLog
from cases.rules.dates import LONDON
from cases.services import access_log
from cases.tasks import purge_access_log
from omu.celery import app

TODAY = dt.date(2026, 12, 7)


def read_at(day: dt.date, hour: int = 0, minute: int = 0) -> AccessLog:
    moment = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)
    return AccessLog.objects.create(at=moment, kind=AccessLog.Kind.CASE_PAGE, what="/prisoners/")


@pytest.mark.django_db
def test_reads_before_the_first_day_kept_are_deleted_and_the_rest_stay() -> None:
    old = read_at(dt.date(2024, 12, 6), 23, 59)  # the last minute before 7 December 2024
    first_kept = read_at(dt.date(2024, 12, 7))  # midnight, London: kept
    recent = read_at(dt.date(2026, 12, 6), 12)
    assert access_log.access_log_purge(today=TODAY, months=24) == 1
    assert set(AccessLog.objects.values_list("pk", flat=True)) == {first_kept.pk, recent.pk}
    assert not AccessLog.objects.filter(pk=old.pk).exists()
    assert access_log.access_log_purge(today=TODAY, months=24) == 0  # safe to run twice


@pytest.mark.django_db
@override_settings(ACCESS_LOG_RETENTION_MONTHS=24)
def test_the_purge_deletes_in_batches_until_none_is_left(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(access_log, "PURGE_BATCH", 2)
    for day in range(1, 6):
        read_at(dt.date(2020, 1, day))
    kept = read_at(TODAY)
    assert access_log.access_log_purge(today=TODAY) == 5
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [kept.pk]


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 12, 7, 4, 30, tzinfo=LONDON), tick=False)
def test_the_command_and_the_nightly_task_purge() -> None:
    read_at(dt.date(2020, 1, 1))
    read_at(dt.date(2026, 6, 1))
    out = io.StringIO()
    call_command("purge_access_log", "--months", "12", stdout=out)
    assert out.getvalue().strip() == "1 reads deleted"
    read_at(dt.date(2020, 1, 1))
    assert purge_access_log() == 1
    assert AccessLog.objects.count() == 1
    with pytest.raises(CommandError, match="1 or more"):
        call_command("purge_access_log", "--months", "0")
    entry = app.conf.beat_schedule["purge-access-log"]
    assert entry["task"] == "cases.tasks.purge_access_log"
