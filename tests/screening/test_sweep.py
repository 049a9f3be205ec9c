"""The nightly overdue sweep: flags, idempotency, parallel runs, the command and its page."""

import datetime as dt
import io
import json
import threading
from collections.abc import Callable

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from cases.models import Prison, Role
from screening import services
from screening.models import SweepRun, Task
from screening.tasks import sweep_overdue as sweep_overdue_task
from tests.downloads import csv_lines
from tests.screening.conftest import NOW, Arrive

LATER = NOW + dt.timedelta(days=2)  # 25 November: the BCS (due 24th, 14:30) is overdue


def flags(kind: str) -> list[tuple[bool, bool]]:
    return list(Task.objects.filter(kind=kind).values_list("overdue", "due_soon"))


def test_the_sweep_flags_what_became_overdue_and_a_second_run_flags_nothing(
    leeds: Prison, arrive: Arrive
) -> None:
    cases = [arrive(leeds).pk for _ in range(3)]
    services.tasks_sync(cases, now=NOW)
    assert flags("bcs") == [(False, True)] * 3
    first = services.sweep_prison(prison=leeds, now=LATER)
    assert flags("bcs") == [(True, False)] * 3
    assert first.flagged_overdue == 3 and first.cases == 3
    # Transfer due 4 December comes into the 7-day window on 27 November, not yet on the 25th.
    assert flags("transfer") == [(False, False)] * 3
    second = services.sweep_prison(prison=leeds, now=LATER)
    assert (second.flagged, second.cleared, second.created, second.redated) == (0, 0, 0, 0)
    third = services.sweep_prison(prison=leeds, now=NOW + dt.timedelta(days=4))
    assert third.flagged_due_soon >= 3  # transfer and keyworker move into the window


def test_the_sweep_clears_flags_on_done_tasks(
    leeds: Prison, personas: dict, arrive: Arrive
) -> None:
    case = arrive(leeds)
    services.tasks_sync([case.pk], now=NOW)
    services.sweep_prison(prison=leeds, now=LATER)
    # A job or a bulk change closed the task without clearing its flag.
    Task.objects.filter(kind="bcs").update(status="not_needed", reason="Moved")
    run = services.sweep_prison(prison=leeds, now=LATER)
    assert run.cleared == 1
    assert flags("bcs") == [(False, False)]


def test_the_sweep_writes_no_row_by_row_updates(
    leeds: Prison, arrive: Arrive, django_assert_max_num_queries: Callable
) -> None:
    few = [arrive(leeds).pk for _ in range(2)]
    services.tasks_sync(few, now=NOW)
    with django_assert_max_num_queries(30) as few_queries:
        services.sweep_prison(prison=leeds, now=LATER)
    many = [arrive(leeds).pk for _ in range(15)]
    services.tasks_sync(many, now=NOW)
    with django_assert_max_num_queries(30) as many_queries:
        services.sweep_prison(prison=leeds, now=LATER + dt.timedelta(hours=1))
    assert len(many_queries.captured_queries) == len(few_queries.captured_queries)


def test_a_rerun_that_changes_nothing_looks_at_every_prison_at_once(
    leeds: Prison, moorland: Prison, arrive: Arrive, django_assert_max_num_queries: Callable
) -> None:
    """The quiet prisons (no case due for re-evaluation, no flag wrong) are found with a few
    set-based queries over them all and recorded as runs that did nothing; only a prison with
    work is swept. The query count does not grow with the prisons."""
    arrive(leeds)
    arrive(moorland)
    services.sweep_overdue(now=NOW)
    assert services.flags_wrong_by_prison([leeds, moorland], now=NOW) == {}
    with django_assert_max_num_queries(8):
        quiet = services.sweep_overdue(now=NOW)
    assert (quiet.prisons, quiet.evaluated, quiet.cases, quiet.flagged) == (2, 0, 0, 0)
    assert SweepRun.objects.filter(started_at=NOW).count() == 4  # each prison, each night run
    # Two days on, each BCS is overdue: both prisons have work, and are swept.
    wrong = services.flags_wrong_by_prison([leeds, moorland], now=LATER)
    assert [wrong[p.pk].flagged_overdue for p in (leeds, moorland)] == [1, 1]
    assert services.sweep_overdue(now=LATER).flagged >= 2
    assert services.flags_wrong_by_prison([leeds, moorland], now=LATER) == {}


def test_the_command_prints_one_json_line_and_can_sweep_one_prison(
    leeds: Prison, moorland: Prison, arrive: Arrive
) -> None:
    arrive(leeds)
    arrive(moorland)
    out = io.StringIO()
    call_command("sweep_overdue", "--prison", "lei", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert set(result) == {"flagged", "cleared", "evaluated", "cases", "seconds"}
    assert (result["evaluated"], result["cases"]) == (1, 1)
    assert list(SweepRun.objects.values_list("prison__code", flat=True)) == ["LEI"]
    again = io.StringIO()
    call_command("sweep_overdue", stdout=again)
    both = json.loads(again.getvalue())
    # Leeds's case has its answer stored now: only Moorland's is evaluated.
    assert (both["evaluated"], both["cases"], both["flagged"], both["cleared"]) == (1, 1, 0, 0)
    full = io.StringIO()
    call_command("sweep_overdue", "--full", stdout=full)
    assert json.loads(full.getvalue())["evaluated"] == 2
    with pytest.raises(CommandError, match="No prison with the code XXX"):
        call_command("sweep_overdue", "--prison", "XXX")


def test_the_celery_task_fans_out_one_task_a_prison_then_flags_at_the_end(
    leeds: Prison, moorland: Prison, arrive: Arrive, caplog: pytest.LogCaptureFixture
) -> None:
    for prison in (leeds, moorland):
        services.tasks_sync([arrive(prison).pk], now=NOW)
    Task.objects.update(overdue=False, due_soon=False)
    with caplog.at_level("INFO", logger="screening.tasks"):
        sweep_overdue_task.delay()
    runs = {run.prison.code: run for run in SweepRun.objects.select_related("prison")}
    assert set(runs) == {"LEI", "MDI"}
    assert all(run.evaluated == 1 for run in runs.values())
    flagged = Task.objects.filter(overdue=True).count() + Task.objects.filter(due_soon=True).count()
    assert flagged > 0  # the tasks are days old by the clock: the last step flagged them
    assert sum(run.flagged for run in runs.values()) == flagged
    [line] = [r.getMessage() for r in caplog.records if r.name == "screening.tasks"]
    summary = json.loads(line.removeprefix("sweep_overdue "))
    assert (summary["evaluated"], summary["flagged"]) == (2, flagged)
    sweep_overdue_task.delay()  # a second night the same day: nothing to evaluate or flag
    latest = SweepRun.objects.order_by("-pk")[:2]
    assert [(r.evaluated, r.flagged) for r in latest] == [(0, 0), (0, 0)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's locks")
def test_two_sweeps_at_once_flag_each_task_once(
    transactional_db: None, leeds: Prison, arrive: Arrive
) -> None:
    cases = [arrive(leeds).pk for _ in range(4)]
    services.tasks_sync(cases, now=NOW)
    start = threading.Barrier(2)
    runs: list[SweepRun] = []
    errors: list[BaseException] = []

    def sweep() -> None:
        try:
            start.wait(timeout=10)
            runs.append(services.sweep_prison(prison=leeds, now=LATER))
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert len(runs) == 2
    assert sum(r.flagged_overdue for r in runs) == 4  # each BCS once, whichever run did it
    assert sorted(r.flagged_overdue for r in runs) == [0, 4]
    assert flags("bcs") == [(True, False)] * 4
    assert Task.objects.filter(status="open", kind="bcs").count() == 4  # no duplicates


def test_admins_see_each_runs_summary_and_poms_do_not(
    leeds: Prison, arrive: Arrive, client_for: Callable[[str], Client]
) -> None:
    arrive(leeds)
    services.sweep_prison(prison=leeds, now=NOW)
    page = client_for(Role.HEAD_OF_OMU).get(reverse("sweep-runs"))
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="sweep-runs"' in html
    assert client_for(Role.PRISON_POM).get(reverse("sweep-runs")).status_code == 403
    api = client_for(Role.CASE_ADMIN).get(reverse("api-sweep-runs"), {"prison": "LEI"})
    assert api.json()["results"][0]["cases"] == 1
    assert client_for("pom_mdi").get(reverse("api-sweep-runs")).status_code == 403


def test_the_sweep_runs_download_as_csv_for_the_active_prison(
    leeds: Prison, moorland: Prison, client_for: Callable[[str], Client]
) -> None:
    SweepRun.objects.create(
        prison=leeds, started_at=dt.datetime(2026, 7, 1, 1, 30, tzinfo=dt.UTC), seconds=1.236,
        cases=40, created=3, redated=2, closed=1, flagged_overdue=5, flagged_due_soon=4, cleared=0,
    )  # fmt: skip
    SweepRun.objects.create(prison=leeds, started_at=NOW, seconds=0.5, cases=41)
    SweepRun.objects.create(prison=moorland, started_at=NOW, seconds=9, cases=99)
    client = client_for(Role.CASE_ADMIN)
    page = client.get(reverse("sweep-runs")).content.decode()
    assert 'href="?format=csv" download>Download this list (CSV)</a>' in page
    response = client.get(reverse("sweep-runs"), {"format": "csv"})
    lines = csv_lines(response, "sweep-runs-LEI.csv")
    assert lines[0] == (
        "started,cases,tasks_created,redated,closed,newly_overdue,newly_due_soon,cleared,seconds"
    )
    assert lines[1:] == [  # newest first, in London time; Leeds only
        "2026-11-23 10:00,41,0,0,0,0,0,0,0.50",
        "2026-07-01 02:30,40,3,2,1,5,4,0,1.24",
    ]
    for day in range(25):
        SweepRun.objects.create(
            prison=leeds, started_at=NOW - dt.timedelta(days=day + 1), seconds=1, cases=1
        )
    everything = client.get(reverse("sweep-runs"), {"format": "csv"})
    assert len(everything.content.decode().splitlines()) == 1 + 27  # not one page of 25
    denied = client_for(Role.PRISON_POM).get(reverse("sweep-runs"), {"format": "csv"})
    assert denied.status_code == 403


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_the_sweep_can_share_prisons_between_processes(
    transactional_db: None, leeds: Prison, moorland: Prison, arrive: Arrive
) -> None:
    for prison in (leeds, moorland):
        services.tasks_sync([arrive(prison).pk for _ in range(2)], now=NOW)
    summary = services.sweep_overdue(now=LATER, workers=2)
    assert (summary.prisons, summary.cases, summary.flagged) == (2, 4, 4)
    assert sorted(SweepRun.objects.values_list("prison__code", flat=True)) == ["LEI", "MDI"]
    assert flags("bcs") == [(True, False)] * 4
