"""Writes racing each other on PostgreSQL, in real threads with their own connections: two
allocations of one case, two sweeps of one prison, a roll import while the sweep runs, two
policy changes from the same version."""

from __future__ import annotations

import datetime as dt
import io
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from allocation import services as allocation_services
from cases import services as case_services
from cases.models import Allocation, Prison, Prisoner, PrisonPolicy, Role
from cases.rules import LONDON
from screening import services as screening_services
from screening.models import SweepRun, Task
from tests.cases.roll_files import csv_bytes, row
from tests.factories import MovementFactory, PrisonerFactory, SentenceFactory, staff

pytestmark = pytest.mark.django_db(transaction=True)

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)


def race(*jobs: Callable[[], Any]) -> tuple[list[Any], list[BaseException]]:
    """Start every job at once, each in its own thread (and database connection)."""
    start = threading.Barrier(len(jobs))
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(job: Callable[[], Any]) -> None:
        try:
            start.wait(timeout=10)
            results.append(job())
        except BaseException as exc:  # noqa: BLE001 - the test reports what each thread raised
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer never finished"
    return results, errors


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=True):
        yield


def held_cases(prison: Prison, count: int) -> list[Prisoner]:
    """In-scope sentenced cases that arrived two days ago (a prison POM case each)."""
    cases = []
    for n in range(count):
        case = PrisonerFactory(current_prison=prison, last_name=f"Racer{n}")
        SentenceFactory(
            prisoner=case,
            sentence_start_date=dt.date(2026, 11, 20),
            conditional_release_date=dt.date(2028, 1, 10),
        )
        MovementFactory(prisoner=case, occurred_at=NOW - dt.timedelta(days=2), to_prison=prison)
        cases.append(case)
    return cases


def no_duplicate_open_tasks() -> None:
    twice = (
        Task.objects.filter(status=Task.Status.OPEN)
        .values("prisoner", "kind")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not twice.exists(), list(twice)


def test_two_allocations_of_one_case_at_once_exactly_one_wins(leeds: Prison) -> None:
    head = staff("race_head", Role.HEAD_OF_OMU, leeds)
    admin = staff("race_admin", Role.CASE_ADMIN, leeds)
    poms = [staff(f"race_pom{n}", Role.PRISON_POM, leeds) for n in range(2)]
    (case,) = held_cases(leeds, 1)
    allocated, errors = race(
        *(
            lambda pom=pom, user=user: allocation_services.allocation_assign(
                prisoner=case,
                pom=pom,
                acting_user=user,
                expected_version=0,
                override_reason="other",
                override_detail="Racing",
            )
            for pom, user in zip(poms, (head, admin), strict=True)
        )
    )
    assert len(allocated) == 1
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert errors[0].code == "conflict"
    allocation = Allocation.objects.get(prisoner=case)
    assert allocation.version == 1
    assert allocation.primary_pom in poms


def test_two_sweeps_of_one_prison_at_once_make_no_duplicate_tasks(leeds: Prison) -> None:
    held_cases(leeds, 6)
    later = NOW + dt.timedelta(days=2)
    runs, errors = race(
        lambda: screening_services.sweep_prison(prison=leeds, now=later, full=True),
        lambda: screening_services.sweep_prison(prison=leeds, now=later, full=True),
    )
    assert not errors, errors
    assert len(runs) == 2 and SweepRun.objects.filter(prison=leeds).count() == 2
    assert sum(run.created for run in runs) == Task.objects.count() > 0  # each task made once
    no_duplicate_open_tasks()


def test_a_roll_import_while_the_sweep_runs(leeds: Prison, tmp_path: Path) -> None:
    held_cases(leeds, 4)
    staff("race_importer", Role.CASE_ADMIN, leeds)
    path = tmp_path / "roll.csv"
    path.write_bytes(csv_bytes([row(f"B000{n}BB") for n in range(1, 6)]))

    def import_roll() -> dict[str, Any]:
        out = io.StringIO()
        call_command("import_roll", str(path), "--prison", "LEI", stdout=out)
        return json.loads(out.getvalue())

    def sweep() -> SweepRun:
        return screening_services.sweep_prison(prison=leeds, now=NOW, full=True)

    results, errors = race(import_roll, sweep)
    assert not errors, errors
    imported = next(r for r in results if isinstance(r, dict))
    assert imported["applied"] is True and imported["new"] == 5
    assert Prisoner.objects.filter(current_prison=leeds).count() == 9
    # Whoever went first, every new arrival has its BCS, once.
    assert Task.objects.filter(kind="bcs", prisoner__prison_number__startswith="B000").count() == 5
    no_duplicate_open_tasks()
    # A second sweep afterwards finds nothing left to create.
    assert screening_services.sweep_prison(prison=leeds, now=NOW, full=True).created == 0


def test_two_policy_changes_from_the_same_version_one_is_refused(leeds: Prison) -> None:
    heads = [staff(f"race_head{n}", Role.HEAD_OF_OMU, leeds) for n in range(2)]
    changes = ({"handover_months": 9}, {"pom_capacity": 40})

    def change(n: int) -> PrisonPolicy:
        return case_services.prison_policy_update(
            prison=leeds,
            acting_user=heads[n],
            changes=changes[n],
            reason="Racing",
            expected_version=0,
        )

    saved, errors = race(lambda: change(0), lambda: change(1))
    assert len(saved) == 1 and len(errors) == 1
    assert getattr(errors[0], "code", None) == "conflict"
    policy = PrisonPolicy.objects.get(prison=leeds)
    assert policy.version == 1
    # Exactly one change landed, and the other left no trace.
    assert (policy.handover_months == 9) != (policy.pom_capacity == 40)
