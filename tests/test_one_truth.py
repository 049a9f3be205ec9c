"""One truth per case: every place that shows a fact about a case shows the same one.

Seeds the demo, then reads each fact that more than one place shows (release date, last and
next POM contact and whether it is overdue, POM and keyworker, handover date and state, each
deadline's state) from the case page, the prisoner list and its CSV, the API, the caseloads and
their CSVs, the task lists, the handover lists and the dashboard figures' case lists, and checks
they agree. Every dashboard figure also equals the size of the case list it links to.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from cases.models import Allocation, Prisoner
from handover.rules import in_upcoming_window
from screening.models import Task

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 11, 23, 14, 30, tzinfo=LONDON)
TODAY = NOW.date()
PRISON = "LEI"


@pytest.fixture
def demo() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        call_command(
            "seed_demo", force=True, prisons=2, prisoners_per_prison=30, stdout=io.StringIO()
        )
        yield


@pytest.fixture
def head(demo: None) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username="spo"))
    return client


def rows_of(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def case_page_facts(head: Client, number: str) -> dict[str, Any]:
    page = head.get(f"/prisoners/{number}/")
    assert page.status_code == 200
    omic, contact, summary = page.context["omic"], page.context["contact"], page.context["case"]
    allocation = summary.allocation
    return {
        "pom": allocation.primary_pom.username if allocation and allocation.primary_pom else "",
        "keyworker": bool(allocation and allocation.keyworker_id),
        "contact": contact.pom,
        "deadlines": {row.key: row.status for row in omic.deadlines},
        "rows": {row.label: row.value for row in omic.summary},
    }


def test_every_place_that_shows_a_fact_about_a_case_shows_the_same_one(head: Client) -> None:
    cases = list(
        Prisoner.objects.filter(current_prison__code=PRISON)
        .select_related("allocation__primary_pom", "allocation__keyworker")
        .order_by("prison_number")
    )
    assert len(cases) >= 25
    api = {
        row["prison_number"]: head.get(f"/api/v1/prisoners/{row['prison_number']}/").json()
        for row in head.get("/api/v1/prisoners/", {"page_size": 100, "prison": PRISON}).json()[
            "results"
        ]
    }
    listed = {row["prison_number"]: row for row in rows_of(head.get("/prisoners/?format=csv"))}
    assert set(api) == set(listed) == {p.prison_number for p in cases}
    handovers = {a.prisoner.prison_number: a for a in _handover_rows(head, "all")}
    upcoming = {a.prisoner.prison_number for a in _handover_rows(head, "upcoming")}
    caseloads = _caseloads(head, cases)
    contact_tasks = {
        t.prisoner.prison_number: t
        for t in Task.objects.filter(kind="pom_contact", status="open").select_related("prisoner")
    }
    checked = 0
    for case in cases:
        number = case.prison_number
        page = case_page_facts(head, number)
        record = api[number]
        # The displayed release date: the API, the list and its CSV, the caseload, handover.
        release = record["display_release_date"] or ""
        assert listed[number]["release_date"] == release, number
        assert iso(handovers[number].evaluation.display_release_date.date) == release, number
        # The earliest release date and the handover date: the case page and the API.
        earliest = record["omic"]["earliest_release_date"]["date"]
        if earliest:
            shown = page["rows"]["Earliest release date"]
            assert shown.startswith(f"{dt.date.fromisoformat(earliest):%-d %B %Y}"), number
        handover_date = record["omic"]["handover"]["handover_date"]
        assert iso(handovers[number].handover.handover_date) == (handover_date or ""), number
        if handover_date:
            day = dt.date.fromisoformat(handover_date)
            assert page["rows"]["Handover date"] == f"{day:%-d %B %Y}", number
        ho = handovers[number].handover
        in_window = in_upcoming_window(
            handover_date=ho.handover_date, upcoming_from=ho.upcoming_from, today=TODAY
        )
        not_released = handovers[number].state.value != "released"
        assert (number in upcoming) == (in_window and not_released), number
        # Who holds the case: the case page, the API, the list, the caseloads.
        assert (
            (record["pom"] or "")
            == page["pom"]
            == (case.allocation.primary_pom.username if _pom(case) else "")
        ), number
        if page["pom"]:
            held = caseloads[page["pom"]]
            assert number in held, number
            assert held[number]["release_date"] == release, number
            assert held[number]["handover_date"] == (handover_date or ""), number
        # POM contact: the case page, the caseload's overdue list, the POM contact task.
        contact = page["contact"]
        if page["pom"]:
            overdue_on_caseload = number in caseloads[page["pom"]]["__contact_overdue__"]
            assert overdue_on_caseload == contact.overdue, number
        task = contact_tasks.get(number)
        if task is not None:
            assert task.due_on == contact.next_due, number
            assert task.overdue == contact.overdue, number
        # Deadlines: the case page's state against the task the sweep keeps.
        if page["deadlines"].get("keyworker_allocation") == "done":
            assert page["keyworker"], number
        checked += 1
    assert checked == len(cases)


def test_every_dashboard_figure_equals_the_size_of_its_list(head: Client) -> None:
    board = head.get("/dashboard/").context["board"]
    figures = _figures(board)
    assert len([f for f in figures if f.case_ids is not None]) >= 5
    for figure in figures:
        if figure.case_ids is None:
            if not figure.list_url or figure.denominator is not None:
                continue  # a rate without a list of its own (keywork delivery, staffing)
            joiner = "&" if "?" in figure.list_url else "?"
            listed = rows_of(head.get(f"{figure.list_url}{joiner}format=csv"))
            if figure.key == "poms_over_capacity":  # the staff list, fullest first
                listed = [r for r in listed if r["capacity_status"] == "Over"]
            assert figure.numerator == len(listed), figure.key
            continue
        rows = rows_of(head.get(f"/dashboard/figures/{figure.key}/", {"format": "csv"}))
        assert len(rows) == len(figure.case_ids), figure.key
        if figure.denominator is None:
            assert figure.numerator == len(rows), figure.key
        for row in rows[:5]:
            record = head.get(f"/api/v1/prisoners/{row['prison_number']}/").json()
            assert row["release"] == (record["display_release_date"] or ""), figure.key


def _pom(case: Prisoner) -> bool:
    try:
        return case.allocation.primary_pom_id is not None
    except Allocation.DoesNotExist:
        return False


def _handover_rows(head: Client, name: str) -> list[Any]:
    rows: list[Any] = []
    page_number = 1
    while True:
        response = head.get("/handover/", {"list": name, "page": page_number})
        page = response.context["page"]
        rows.extend(page.object_list)
        if not page.has_next():
            return rows
        page_number += 1


def _caseloads(head: Client, cases: list[Prisoner]) -> dict[str, dict[str, Any]]:
    """Each POM's caseload CSV by prison number, and the cases their page lists as contact
    overdue."""
    poms = {c.allocation.primary_pom.username for c in cases if _pom(c)}
    found: dict[str, dict[str, Any]] = {}
    for username in sorted(poms):
        url = f"/allocation/caseload/{username}/"
        held: dict[str, Any] = {
            r["prison_number"]: r for r in rows_of(head.get(url, {"format": "csv"}))
        }
        work = head.get(url).context["work"]
        held["__contact_overdue__"] = {p.prison_number for p in work.contact_overdue}
        found[username] = held
    return found


def _figures(board: Any) -> list[Any]:
    return [tile.figure for tile in board.tiles]
