"""The whole local loop, as a new developer runs it: the fake serving this database with its
changes, `sync_prison LEI --dry-run`, `sync_prison LEI`, then the fake's events file through
`consume_events --from-file`, twice (the second time every event is a duplicate)."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import MergedNumber, Prison, Prisoner
from feeds.fake.scenario import drift
from feeds.fake.server import FakeHmpps, FakeHttpServer
from feeds.models import ParkedMessage
from screening.models import Task
from tests.factories import PrisonerFactory, SentenceFactory
from tests.feeds.conftest import mirror, run_json, write_lines

pytestmark = pytest.mark.django_db


def _cases(prison: Prison, first: int, count: int) -> None:
    for n in range(count):
        prisoner = PrisonerFactory(
            current_prison=prison, prison_number=f"A{first + n:04d}AA", crn=f"X{first + n:06d}"
        )
        SentenceFactory(prisoner=prisoner, sentence_start_date=dt.date(2025, 1, 10))


def test_the_local_loop(
    fake: FakeHmpps,
    leeds: Prison,
    moorland: Prison,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _cases(leeds, 1000, 6)
    _cases(moorland, 2000, 5)
    state = mirror(fake)
    scenario = drift(state, "LEI", "MDI", today=timezone.localdate())
    assert len(scenario.roll_changes) == 7 and len(scenario.events) == 8

    dry, code = run_json("sync_prison", "LEI", "--dry-run")
    assert code == 0 and (dry["new"], dry["changed"], dry["leaving"]) == (3, 2, 3)
    assert dry["applied"] is False and Prisoner.objects.count() == 11

    line, code = run_json("sync_prison", "LEI")
    assert code == 0 and line["applied"] is True, line
    assert Prisoner.objects.get(prison_number="A1002AA").current_prison is None  # released
    assert Prisoner.objects.get(prison_number="A1003AA").current_prison == moorland
    assert MergedNumber.objects.filter(number="A1004AA").exists()
    arrived = Prisoner.objects.get(prison_number="F9001FK")
    assert (arrived.crn, arrived.tier) == ("X900101", "B2")

    events = write_lines(tmp_path / "events.jsonl", scenario.events)
    with django_capture_on_commit_callbacks(execute=True):
        first, code = run_json("consume_events", "--from-file", str(events))
    assert code == 0
    assert first == {"received": 8, "applied": 7, "duplicates": 0, "parked": 1}
    admitted = Prisoner.objects.get(prison_number="F9004FK")
    assert admitted.current_prison == moorland
    assert Task.objects.filter(prisoner=admitted).exists()  # its tasks followed the event
    assert ParkedMessage.objects.get().subject == "F9005FK"

    again, _ = run_json("consume_events", "--from-file", str(events))
    assert again == {"received": 8, "applied": 0, "duplicates": 8, "parked": 0}


def test_fake_hmpps_prints_the_settings_and_writes_the_events(
    leeds: Prison, moorland: Prison, tmp_path: Path
) -> None:
    _cases(leeds, 1000, 6)
    _cases(moorland, 2000, 5)
    out = StringIO()
    events = tmp_path / "events.jsonl"
    with mock.patch.object(FakeHttpServer, "serve_forever"):
        call_command("fake_hmpps", "--port", "0", "--events-file", str(events), stdout=out)
    text = out.getvalue()
    assert "PRISONER_SEARCH_URL=http://127.0.0.1:" in text
    assert "For `manage.py sync_prison LEI` to find:" in text
    assert len(events.read_text().splitlines()) == 8
