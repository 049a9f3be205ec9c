"""``manage.py omic_evaluate`` end to end (docs/commands.md#omic_evaluate)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

# These need Django configured (pytest-django with omu.settings.test); the pure rules tests do
# not, and still run with ``-p no:django``.
pytestmark = pytest.mark.skipif(not settings.configured, reason="Django settings not configured")

GOOD = {
    "as_of": "2026-11-23",
    "legal_status": "sentenced",
    "date_of_birth": "1990-01-01",
    "arrival_datetime": "2026-10-23T12:00:00",
    "sentence_start_date": "2026-10-20",
    "dates": {"conditional_release_date": "2027-10-31"},
    "tier": "B2",
}
BAD_DATE = {**GOOD, "dates": {"conditional_release_date": "31/10/2027"}}
BAD_POLICY = {**GOOD, "prison": {"policy": {"handover_months": -3}}}


def _call(tmp_path: Path, payload: Any, *, raw: str | None = None) -> tuple[Any, int]:
    from django.core.management import CommandError, call_command

    path = tmp_path / "cases.json"
    path.write_text(raw if raw is not None else json.dumps(payload), encoding="utf-8")
    out = io.StringIO()
    try:
        call_command("omic_evaluate", str(path), stdout=out)
    except CommandError as error:
        return (json.loads(out.getvalue()) if out.getvalue() else None), error.returncode
    return json.loads(out.getvalue()), 0


def test_one_good_case_gives_one_result_object_and_exit_0(tmp_path: Path) -> None:
    result, code = _call(tmp_path, GOOD)
    assert code == 0
    assert isinstance(result, dict)
    assert result["handover"]["handover_date"] == "2027-02-14"
    assert result["deadlines"]["bcs"]["due"] == "2026-10-26T11:00:00+00:00"


def test_one_bad_case_gives_an_error_object_naming_the_field_and_exit_1(tmp_path: Path) -> None:
    result, code = _call(tmp_path, BAD_DATE)
    assert code == 1
    assert result == {"error": "dates.conditional_release_date: not a date (YYYY-MM-DD)"}


def test_a_mixed_list_keeps_order_and_puts_errors_in_place(tmp_path: Path) -> None:
    result, code = _call(tmp_path, [GOOD, BAD_POLICY, {"as_of": "2026-11-23"}, GOOD])
    assert code == 1
    assert isinstance(result, list) and len(result) == 4
    assert result[0]["in_omic_scope"] is True
    assert result[1] == {"error": "prison.policy.handover_months: -3 is out of range 0..60"}
    assert result[2]["error"].startswith("legal_status: required")
    assert result[3] == result[0]


def test_a_list_of_good_cases_exits_0(tmp_path: Path) -> None:
    result, code = _call(tmp_path, [GOOD, {"as_of": "2026-11-23", "legal_status": "remand"}])
    assert code == 0
    assert [case["in_omic_scope"] for case in result] == [True, False]


def test_an_empty_list_gives_an_empty_list(tmp_path: Path) -> None:
    assert _call(tmp_path, []) == ([], 0)


def test_a_case_that_is_not_an_object_is_an_error_in_place(tmp_path: Path) -> None:
    result, code = _call(tmp_path, [GOOD, "A1234BC"])
    assert code == 1
    assert result[1] == {"error": "case: must be a JSON object"}


def test_invalid_json_exits_1_with_nothing_on_stdout(tmp_path: Path) -> None:
    result, code = _call(tmp_path, None, raw="{not json")
    assert (result, code) == (None, 1)


def test_json_that_is_neither_object_nor_list_exits_1(tmp_path: Path) -> None:
    assert _call(tmp_path, "2026-11-23") == (None, 1)


def test_a_missing_file_exits_1(tmp_path: Path) -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="cannot read") as caught:
        call_command("omic_evaluate", str(tmp_path / "missing.json"), stdout=io.StringIO())
    assert caught.value.returncode == 1


@pytest.mark.parametrize("file_argument", [["-"], []], ids=["FILE is a dash", "FILE is missing"])
def test_it_reads_stdin(monkeypatch: pytest.MonkeyPatch, file_argument: list[str]) -> None:
    from django.core.management import call_command

    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps([GOOD])))
    out = io.StringIO()
    call_command("omic_evaluate", *file_argument, stdout=out)
    assert json.loads(out.getvalue())[0]["case_type"] == "custody"


def test_manage_py_writes_stdout_and_exits_1_for_a_bad_case(tmp_path: Path) -> None:
    path = tmp_path / "cases.json"
    path.write_text(json.dumps([GOOD, BAD_DATE]), encoding="utf-8")
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
    completed = subprocess.run(  # noqa: S603 - fixed argv, no shell
        [sys.executable, str(root / "manage.py"), "omic_evaluate", str(path)],
        capture_output=True,
        text=True,
        cwd=root,
        env=env,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 1, completed.stderr
    results = json.loads(completed.stdout)
    assert results[0]["handover"]["reason"] == "determinate"
    assert results[1] == {"error": "dates.conditional_release_date: not a date (YYYY-MM-DD)"}
    assert "1 of 2 case(s) had bad input" in completed.stderr
