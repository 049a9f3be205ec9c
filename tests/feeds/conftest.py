"""The fake national services on a free port, over real HTTP, with the settings pointing at
them; and Prisoner documents to put in them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from feeds.fake.documents import state_from_database
from feeds.fake.server import FakeHmpps
from feeds.fake.state import CLIENT_ID, CLIENT_SECRET, FakeState


@pytest.fixture
def fake(settings: Any) -> Iterator[FakeHmpps]:
    server = FakeHmpps(FakeState()).start()
    settings.HMPPS_AUTH_URL = server.url
    settings.PRISONER_SEARCH_URL = server.url
    settings.PROBATION_API_URL = server.url
    settings.TIERING_API_URL = server.url
    settings.HMPPS_CLIENT_ID, settings.HMPPS_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.FEEDS_PAGE_SIZE = 3
    settings.FEEDS_BACKOFF = 0.01
    settings.FEEDS_READ_TIMEOUT = 0.5
    yield server
    server.stop()


def mirror(fake: FakeHmpps) -> FakeState:
    """Make the fake say exactly what the database holds."""
    found = state_from_database()
    state = fake.state
    with state.lock:
        state.prisoners.clear()
        state.prisoners.update(found.prisoners)
        state.merged.update(found.merged)
        state.probation.update(found.probation)
        state.tiers.update(found.tiers)
        state._rolls.clear()
    return state


def doc(number: str, prison: str = "LEI", **fields: Any) -> dict[str, Any]:
    """A Prisoner document of a sentenced prisoner held at `prison`."""
    base: dict[str, Any] = {
        "prisonerNumber": number,
        "bookingId": None,
        "firstName": "Daniel",
        "lastName": f"Smith{number[1:5]}",
        "dateOfBirth": "1990-04-12",
        "status": "ACTIVE IN",
        "inOutStatus": "IN",
        "prisonId": prison,
        "prisonName": prison,
        "cellLocation": "B-3-023",
        "receptionDate": None,
        "lastMovementTypeCode": "ADM",
        "legalStatus": "SENTENCED",
        "recall": False,
        "indeterminateSentence": False,
        "category": "C",
        "sentenceStartDate": "2026-01-19",
        "conditionalReleaseDate": "2029-05-18",
        "homeDetentionCurfewEligibilityDate": None,
        "sentenceExpiryDate": "2031-11-18",
        "licenceExpiryDate": "2031-11-18",
        "alerts": [{"alertType": "P", "alertCode": "PC1", "active": True, "expired": False}],
        "unknownField": {"ignored": True},
    }
    base.update(fields)
    return base


def run_json(command: str, *args: str) -> tuple[dict[str, Any], int]:
    """Run a command; its JSON line and exit code."""
    from io import StringIO

    from django.core.management.base import CommandError

    out = StringIO()
    code = 0
    try:
        call_command(command, *args, stdout=out)
    except CommandError as exc:
        code = exc.returncode
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    return (json.loads(lines[-1]) if lines else {}), code


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC)
