"""Importing a prison's roll: the preview says what would change and writes nothing; applying
goes through the data-in services, at once brings tasks up to date, names the import in the
case history, and importing the same file again changes nothing."""

import datetime as dt
import json
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from cases.models import Movement, Prison, Prisoner, RollImport, Sentence
from cases.roll import jobs, services
from cases.roll.plan import RollPlan, plan_roll
from cases.roll.reader import read_roll
from screening.models import Task
from tests.cases.roll_files import csv_bytes, row
from tests.factories import PrisonerFactory, SentenceFactory

NOW = dt.datetime(2026, 12, 6, 10, 0, tzinfo=dt.UTC)
TODAY = NOW.date()


def _plan(prison: Prison, content: bytes, *, full_roll: bool = False) -> RollPlan:
    roll = read_roll(content, file_name="roll.csv", max_bytes=10_000_000)
    return plan_roll(prison, roll, full_roll=full_roll, today=TODAY)


def _held(prison: Prison, number: str, **sentence: object) -> Prisoner:
    prisoner = PrisonerFactory(
        current_prison=prison,
        prison_number=number,
        first_name="Dan",
        last_name=f"Smith {number}",
        date_of_birth=dt.date(1990, 4, 12),
        location="B-3-023",
    )
    values = {
        "sentence_start_date": dt.date(2026, 11, 19),
        "conditional_release_date": dt.date(2029, 5, 18),
        "sentence_expiry_date": dt.date(2031, 11, 18),
        "description": "",
    }
    SentenceFactory(prisoner=prisoner, **{**values, **sentence})
    return prisoner


def _counts() -> dict[str, int]:
    return {
        "prisoners": Prisoner.objects.count(),
        "sentences": Sentence.objects.count(),
        "movements": Movement.objects.count(),
        "tasks": Task.objects.count(),
        "imports": RollImport.objects.count(),
        "history": Prisoner.history.count() + Sentence.history.count(),
    }


def test_the_plan_sorts_rows_into_new_changed_unchanged_and_leaving(leeds: Prison) -> None:
    _held(leeds, "A0001AA")
    _held(leeds, "A0002AA")
    _held(leeds, "A0003AA")
    content = csv_bytes(
        [row("A0001AA"), row("A0002AA", conditionalReleaseDate="2029-06-01"), row("B0001BB")]
    )
    plan = _plan(leeds, content, full_roll=True)
    assert plan.counts() == {"rows": 3, "new": 1, "changed": 1, "unchanged": 1, "leaving": 1}
    (change,) = plan.changed
    assert [(c.column, c.old, c.new) for c in change.changes] == [
        ("conditionalReleaseDate", "2029-05-18", "2029-06-01")
    ]
    assert [leaver.prison_number for leaver in plan.leaving] == ["A0003AA"]
    assert _plan(leeds, content).counts()["leaving"] == 0  # not the whole roll: nobody leaves


def test_a_prisoner_in_the_file_twice_or_held_elsewhere_is_an_error(
    leeds: Prison, moorland: Prison
) -> None:
    _held(moorland, "A0009AA")
    plan = _plan(leeds, csv_bytes([row("A0001AA"), row("A0001AA"), row("A0009AA")]))
    assert [(e.row, e.column, e.message) for e in plan.errors] == [
        (2, "prisonerNumber", "A0001AA is in the file twice (rows 1 and 2)."),
        (
            3,
            "prisonerNumber",
            "A0009AA is held at HMP Moorland. Record the transfer before importing.",
        ),
    ]


@time_machine.travel(NOW, tick=False)
def test_applying_creates_cases_with_their_tasks_at_once_and_names_the_import(
    leeds: Prison, personas: dict, django_capture_on_commit_callbacks: Callable
) -> None:
    admin = personas["case_admin"]
    with django_capture_on_commit_callbacks(execute=True):
        roll_import = services.roll_import_create(
            prison=leeds,
            file_name="lei.csv",
            content=csv_bytes([row("B0001BB")]),
            full_roll=False,
            acting_user=admin,
        )
    roll_import.refresh_from_db()
    assert roll_import.status == RollImport.Status.PREVIEWED
    assert (
        Prisoner.objects.filter(prison_number="B0001BB").count() == 0
    )  # the preview wrote nothing
    with django_capture_on_commit_callbacks(execute=True):
        services.roll_import_start(roll_import=roll_import, acting_user=admin)
    roll_import.refresh_from_db()
    assert roll_import.status == RollImport.Status.APPLIED
    assert roll_import.summary["new"] == 1
    prisoner = Prisoner.objects.get(prison_number="B0001BB")
    assert prisoner.current_prison == leeds
    assert prisoner.sentences.get(is_current=True).conditional_release_date == dt.date(2029, 5, 18)
    assert Task.objects.filter(prisoner=prisoner, kind="bcs").exists()  # no nightly job needed
    history = prisoner.history.get()
    assert history.history_change_reason.startswith(f"roll import {roll_import.pk}")
    assert history.history_user == admin
    movement = prisoner.movements.get()
    assert (movement.kind, movement.source, movement.recorded_by) == (
        "admission",
        f"roll import {roll_import.pk}",
        admin,
    )


@time_machine.travel(NOW, tick=False)
def test_a_changed_release_date_re_dates_the_case_at_once(
    leeds: Prison, personas: dict, django_capture_on_commit_callbacks: Callable
) -> None:
    prisoner = _held(leeds, "A0001AA")
    content = csv_bytes([row("A0001AA", conditionalReleaseDate="2027-05-18")])
    with django_capture_on_commit_callbacks(execute=True):
        roll_import = services.roll_import_create(
            prison=leeds,
            file_name="lei.csv",
            content=content,
            full_roll=False,
            acting_user=personas["case_admin"],
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.roll_import_start(roll_import=roll_import, acting_user=personas["case_admin"])
    sentence = prisoner.sentences.get(is_current=True)
    assert sentence.conditional_release_date == dt.date(2027, 5, 18)
    latest = sentence.history.order_by("-history_id").first()
    assert latest is not None and latest.history_change_reason.startswith(
        f"roll import {roll_import.pk}"
    )


@time_machine.travel(NOW, tick=False)
def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    leeds: Prison, tmp_path: Path
) -> None:
    _held(leeds, "A0001AA")
    path = tmp_path / "roll.csv"
    path.write_bytes(csv_bytes([row("A0001AA", cellLocation="C-1-001"), row("B0001BB")]))
    first = _run(str(path), "--prison", "LEI")
    assert (first["new"], first["changed"], first["applied"]) == (1, 1, True)
    counts = _counts()
    again = _run(str(path), "--prison", "LEI")
    assert (again["new"], again["changed"], again["unchanged"]) == (0, 0, 2)
    assert {k: v for k, v in _counts().items() if k != "imports"} == {
        k: v for k, v in counts.items() if k != "imports"
    }


def _run(*args: str) -> dict[str, object]:
    out = StringIO()
    call_command("import_roll", *args, stdout=out)
    return json.loads(out.getvalue())


@time_machine.travel(NOW, tick=False)
def test_the_command_prints_one_json_line_as_the_contract_says(
    leeds: Prison, tmp_path: Path
) -> None:
    path = tmp_path / "roll.csv"
    path.write_bytes(csv_bytes([row("B0001BB")]))
    out = StringIO()
    call_command("import_roll", str(path), "--prison", "LEI", "--dry-run", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0]) == {
        "prison": "LEI",
        "rows": 1,
        "new": 1,
        "changed": 0,
        "unchanged": 0,
        "leaving": 0,
        "errors": [],
        "applied": False,
    }
    assert not Prisoner.objects.exists()  # a dry run writes nothing


@time_machine.travel(NOW, tick=False)
def test_a_file_with_any_error_exits_1_and_writes_nothing(leeds: Prison, tmp_path: Path) -> None:
    _held(leeds, "A0001AA")
    before = _counts()
    path = tmp_path / "roll.csv"
    path.write_bytes(
        csv_bytes([row("B0001BB"), row("A0001AA", conditionalReleaseDate="2029-02-31")])
    )
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_roll", str(path), "--prison", "LEI", stdout=out)
    assert error.value.returncode == 1
    line = json.loads(out.getvalue())
    assert line["applied"] is False and line["new"] == 1
    assert line["errors"] == [
        {
            "row": 2,
            "column": "conditionalReleaseDate",
            "message": "'2029-02-31' is not a real date in the form YYYY-MM-DD.",
        }
    ]
    assert _counts() == before


@time_machine.travel(NOW, tick=False)
def test_the_whole_roll_releases_who_is_not_in_it(leeds: Prison, tmp_path: Path) -> None:
    _held(leeds, "A0001AA")
    gone = _held(leeds, "A0002AA")
    path = tmp_path / "roll.csv"
    path.write_bytes(csv_bytes([row("A0001AA")]))
    line = _run(str(path), "--prison", "LEI", "--full-roll")
    assert line["leaving"] == 1 and line["applied"] is True
    gone.refresh_from_db()
    assert gone.current_prison is None
    release = gone.movements.get(kind=Movement.Kind.RELEASE)
    assert "Not on the whole roll of HMP Leeds" in release.reason


def test_an_unknown_prison_or_file_fails_clearly(db: None) -> None:
    with pytest.raises(CommandError, match="No prison with the code XXX"):
        call_command("import_roll", "/nowhere.csv", "--prison", "XXX")


def test_a_check_run_twice_changes_nothing(leeds: Prison) -> None:
    roll_import = services.roll_import_create(
        prison=leeds,
        file_name="r.csv",
        content=csv_bytes([row("B0001BB")]),
        full_roll=False,
        acting_user=None,
        queue=False,
    )
    first = jobs.roll_import_check(roll_import_id=roll_import.pk, today=TODAY)
    again = jobs.roll_import_check(roll_import_id=roll_import.pk, today=TODAY)
    assert first.status == again.status == RollImport.Status.PREVIEWED
    assert first.summary == again.summary


def test_an_import_is_applied_once_however_often_it_is_confirmed(leeds: Prison) -> None:
    from django.core.exceptions import ValidationError

    roll_import = services.roll_import_create(
        prison=leeds,
        file_name="r.csv",
        content=csv_bytes([row("B0001BB")]),
        full_roll=False,
        acting_user=None,
        queue=False,
    )
    jobs.roll_import_check(roll_import_id=roll_import.pk, today=TODAY)
    services.roll_import_start(roll_import=roll_import, acting_user=None, queue=False)
    with pytest.raises(ValidationError) as error:
        services.roll_import_start(roll_import=roll_import, acting_user=None, queue=False)
    assert error.value.code == "conflict"


BAD_FILES = {
    "missing columns": csv_bytes([row("B0001BB")], columns=("prisonerNumber", "firstName")),
    "unknown legal status": csv_bytes([row("B0001BB", legalStatus="ON_HOLIDAY")]),
    "31 February": csv_bytes([row("B0001BB", dateOfBirth="1990-02-31")]),
    "9999-12-31": csv_bytes([row("B0001BB", sentenceExpiryDate="9999-12-31")]),
    "sentence ends before it starts": csv_bytes([row("B0001BB", sentenceExpiryDate="2026-01-01")]),
    "malformed prison number": csv_bytes([row("B01BB")]),
    "the same prisoner twice": csv_bytes([row("B0001BB"), row("B0001BB")]),
    "held at another prison": csv_bytes([row("A0009AA")]),
    "empty file": b"",
    "not CSV or XLSX": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "a formula in a cell": csv_bytes([row("B0001BB", lastName="=1+2")]),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
@time_machine.travel(NOW, tick=False)
def test_each_bad_input_gets_a_clear_error_and_writes_nothing(
    name: str, leeds: Prison, moorland: Prison, tmp_path: Path
) -> None:
    _held(leeds, "A0001AA")
    _held(moorland, "A0009AA")
    before = _counts()
    path = tmp_path / "roll.csv"
    path.write_bytes(BAD_FILES[name])
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_roll", str(path), "--prison", "LEI", "--full-roll", stdout=out)
    line = json.loads(out.getvalue())
    assert line["applied"] is False
    assert line["errors"] and all(e["message"] for e in line["errors"])
    assert _counts() == before
