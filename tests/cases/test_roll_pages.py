"""The roll import pages: upload, preview (nothing written), apply, history. Bad uploads get an
error summary or the import's error list, and write no fact."""

import datetime as dt
import re
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cases.models import Movement, Prison, Prisoner, Role, RollImport, Sentence
from cases.roll import services
from cases.roll.plan import plan_roll
from cases.roll.reader import read_roll
from cases.roll.record import read_record
from tests.cases.roll_files import csv_bytes, row, xlsx_bytes
from tests.factories import PrisonerFactory, SentenceFactory, staff

ADMINS = {Role.CASE_ADMIN.value, Role.HEAD_OF_OMU.value}
SAMPLES = Path(settings.BASE_DIR) / "docs" / "samples"


def upload(content: bytes, name: str = "roll.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def facts() -> dict[str, int]:
    return {
        "prisoners": Prisoner.objects.count(),
        "sentences": Sentence.objects.count(),
        "movements": Movement.objects.count(),
        "history": Prisoner.history.count() + Sentence.history.count(),
    }


@pytest.fixture
def held(leeds: Prison) -> Prisoner:
    prisoner = PrisonerFactory(
        current_prison=leeds,
        prison_number="A0001AA",
        first_name="Dan",
        last_name="Smith A0001AA",
        date_of_birth=dt.date(1990, 4, 12),
        location="B-3-023",
    )
    SentenceFactory(
        prisoner=prisoner,
        sentence_start_date=dt.date(2026, 11, 19),
        conditional_release_date=dt.date(2029, 5, 18),
        sentence_expiry_date=dt.date(2031, 11, 18),
        description="",
    )
    return prisoner


def roll_url() -> str:
    return reverse("roll-import", args=["LEI"])


def post_roll(
    client: Client, content: bytes, *, name: str = "roll.csv", full_roll: bool = False, **kw: object
) -> object:
    data: dict[str, object] = {"file": upload(content, name)}
    if full_roll:
        data["full_roll"] = "on"
    return client.post(roll_url(), data, **kw)


@pytest.mark.parametrize("role", sorted(r.value for r in Role))
def test_only_case_admins_and_the_head_of_omu_import_the_roll(
    role: str, client_for: Callable[[str], Client], leeds: Prison
) -> None:
    client = client_for(role)
    expected = 200 if role in ADMINS else 403
    assert client.get(roll_url()).status_code == expected
    if role not in ADMINS:
        response = post_roll(client, csv_bytes([row("B0001BB")]))
        assert response.status_code == 403
        assert not RollImport.objects.exists()


def test_a_case_admin_at_another_prison_cannot_see_leeds_imports(
    leeds: Prison, moorland: Prison
) -> None:
    roll_import = services.roll_import_create(
        prison=leeds,
        file_name="lei.csv",
        content=csv_bytes([row("B0001BB")]),
        full_roll=False,
        acting_user=None,
        queue=False,
    )
    client = Client()
    client.force_login(staff("admin_mdi", Role.CASE_ADMIN, moorland))
    assert client.get(roll_url()).status_code == 404
    detail = reverse("roll-import-detail", args=["LEI", roll_import.pk])
    assert client.get(detail).status_code == 404
    apply = reverse("roll-import-apply", args=["LEI", roll_import.pk])
    assert client.post(apply).status_code == 404
    wrong_prison = reverse("roll-import-detail", args=["MDI", roll_import.pk])
    assert client.get(wrong_prison).status_code == 404


def test_upload_preview_and_apply(
    client_for: Callable[[str], Client],
    held: Prisoner,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    client = client_for(Role.CASE_ADMIN)
    content = csv_bytes([row("A0001AA", conditionalReleaseDate="2029-06-01"), row("B0001BB")])
    before = facts()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_roll(client, content, name="lei.csv")
    roll_import = RollImport.objects.get()
    detail = reverse("roll-import-detail", args=["LEI", roll_import.pk])
    assert response.url == detail
    assert facts() == before  # the preview wrote nothing

    html = client.get(detail).content.decode()
    counts = html[html.index('data-testid="roll-counts"') :]
    assert re.search(r"New prisoners\s*</dt>\s*<dd[^>]*>\s*1\s", counts)
    assert re.search(r"Changed\s*</dt>\s*<dd[^>]*>\s*1\s", counts)
    changed = html[html.index('data-testid="roll-changed"') :]
    assert "conditionalReleaseDate" in changed and "2029-05-18" in changed
    assert "2029-06-01" in changed
    assert "B0001BB" in html[html.index('data-testid="roll-new"') :]
    assert "Apply this roll" in html
    assert "http-equiv" not in html  # nothing running: no refresh

    apply = reverse("roll-import-apply", args=["LEI", roll_import.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(apply).url == detail
    roll_import.refresh_from_db()
    assert roll_import.status == RollImport.Status.APPLIED
    html = client.get(detail).content.decode()
    assert "Roll applied" in html
    assert f'href="{reverse("prisoner-detail", args=["B0001BB"])}"' in html
    assert "Apply this roll" not in html
    assert held.sentences.get(is_current=True).conditional_release_date == dt.date(2029, 6, 1)
    assert Prisoner.objects.get(prison_number="B0001BB").current_prison == held.current_prison


def test_a_bad_row_is_listed_with_its_row_and_column_and_cannot_be_applied(
    client_for: Callable[[str], Client],
    held: Prisoner,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    client = client_for(Role.CASE_ADMIN)
    content = csv_bytes([row("B0001BB"), row("B0002BB", dateOfBirth="1990-02-31")])
    before = facts()
    with django_capture_on_commit_callbacks(execute=True):
        post_roll(client, content)
    roll_import = RollImport.objects.get()
    assert roll_import.status == RollImport.Status.INVALID
    detail = reverse("roll-import-detail", args=["LEI", roll_import.pk])
    html = client.get(detail).content.decode()
    errors = html[html.index('data-testid="roll-errors"') :]
    assert re.search(r">\s*2\s*</td>\s*<td[^>]*>dateOfBirth</td>", errors)
    assert "&#x27;1990-02-31&#x27; is not a real date in the form YYYY-MM-DD." in errors
    assert "Apply this roll" not in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("roll-import-apply", args=["LEI", roll_import.pk]))
    assert "cannot be applied" in client.get(response.url).content.decode()
    assert facts() == before


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (None, "", "Select a roll file"),
        (b"prisonerNumber\nA0001AA\n", "roll.txt", "The selected file must be a CSV or XLSX"),
        (b"", "roll.csv", "The selected file is empty"),
        (b"x" * 2_000, "roll.csv", "The selected file must be smaller than 0 MB"),
    ],
)
def test_a_bad_upload_gets_an_error_summary_and_writes_nothing(
    content: bytes | None,
    name: str,
    message: str,
    client_for: Callable[[str], Client],
    leeds: Prison,
    settings: object,
) -> None:
    settings.ROLL_IMPORT_MAX_BYTES = 1_000  # type: ignore[attr-defined]  # pytest-django's settings fixture
    client = client_for(Role.CASE_ADMIN)
    before = facts()
    data = {} if content is None else {"file": upload(content, name)}
    response = client.post(roll_url(), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Import the roll" in html
    assert 'href="#id_file"' in html
    assert message in html
    assert not RollImport.objects.exists()
    assert facts() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (csv_bytes([row("B0001BB")], columns=("prisonerNumber", "firstName")), "has no lastName"),
        (b"\x00\x01\x02binary", "is not a CSV or an XLSX spreadsheet"),
        (b"prisonerNumber,firstName,lastName,dateOfBirth,legalStatus\n", "has a header but no"),
    ],
)
def test_a_file_that_is_not_a_roll_is_shown_as_a_whole_file_error(
    content: bytes,
    message: str,
    client_for: Callable[[str], Client],
    leeds: Prison,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    client = client_for(Role.CASE_ADMIN)
    before = facts()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_roll(client, content)
    html = client.get(response.url).content.decode()
    errors = html[html.index('data-testid="roll-errors"') :]
    assert "Whole file" in errors and message in errors
    assert "Apply this roll" not in html
    assert facts() == before


def test_an_xlsx_roll_and_the_whole_roll_show_who_is_leaving(
    client_for: Callable[[str], Client],
    held: Prisoner,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    client = client_for(Role.CASE_ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_roll(client, xlsx_bytes([row("B0001BB")]), name="roll.xlsx", full_roll=True)
    html = client.get(response.url).content.decode()
    leaving = html[html.index('data-testid="roll-leaving"') :]
    assert "A0001AA" in leaving
    assert "Yes: anyone not in the file leaves" in html


def test_while_a_check_runs_the_page_shows_progress_and_follows_it(
    client_for: Callable[[str], Client], leeds: Prison
) -> None:
    roll_import = services.roll_import_create(
        prison=leeds,
        file_name="lei.csv",
        content=csv_bytes([row("B0001BB")]),
        full_roll=False,
        acting_user=None,
        queue=False,
    )
    detail = reverse("roll-import-detail", args=["LEI", roll_import.pk])
    client = client_for(Role.CASE_ADMIN)
    html = client.get(detail).content.decode()
    assert "http-equiv" not in html  # no timed reload (WCAG 2.2.1): a script asks the API
    api = reverse("api-roll-import-detail", args=[roll_import.pk])
    assert f'data-module="omu-progress" data-url="{api}"' in html
    assert "omu/progress.js" in html
    assert '<progress id="roll-progress"' in html
    assert re.search(r'role="status"[^>]*>\s*Checking the file: 0% done', html)
    assert "Apply this roll" not in html


def test_a_failed_apply_says_why(client_for: Callable[[str], Client], leeds: Prison) -> None:
    roll_import = services.roll_import_create(
        prison=leeds,
        file_name="lei.csv",
        content=csv_bytes([row("B0001BB")]),
        full_roll=False,
        acting_user=None,
        queue=False,
    )
    RollImport.objects.filter(pk=roll_import.pk).update(
        status=RollImport.Status.FAILED, failure="The roll no longer fits the records."
    )
    detail = reverse("roll-import-detail", args=["LEI", roll_import.pk])
    html = client_for(Role.CASE_ADMIN).get(detail).content.decode()
    assert "The roll was not applied: The roll no longer fits the records." in html


def _imports(leeds: Prison, personas: dict, n: int) -> None:
    for i in range(n):
        created = services.roll_import_create(
            prison=leeds,
            file_name=f"roll-{i}.csv",
            content=csv_bytes([row(f"B{i:04d}BB")]),
            full_roll=False,
            acting_user=personas[Role.CASE_ADMIN],
            queue=False,
        )
        RollImport.objects.filter(pk=created.pk).update(
            status=RollImport.Status.PREVIEWED,
            summary={"rows": 1, "new": 1, "changed": 0, "unchanged": 0, "leaving": 0},
            errors=[{"row": 1, "column": "x", "message": "y"}] * i,
        )


def test_the_history_lists_every_import_with_its_counts_in_a_fixed_number_of_queries(
    client_for: Callable[[str], Client],
    leeds: Prison,
    personas: dict,
    django_assert_num_queries: Callable,
) -> None:
    client = client_for(Role.CASE_ADMIN)
    client.get(roll_url())  # warm the session and caches
    _imports(leeds, personas, 3)
    # Session, user, roles with their prisons (the header's), the prison of the URL, the count,
    # and the page of imports with their counts and who uploaded and applied them: 6.
    with django_assert_num_queries(6):
        html = client.get(roll_url()).content.decode()
    assert html.count('href="/prisons/LEI/roll/') == 3
    table = html[html.index('data-testid="roll-import-history"') :]
    assert "roll-2.csv" in table and personas[Role.CASE_ADMIN].get_full_name() in table
    _imports(leeds, personas, 20)
    with django_assert_num_queries(6):
        client.get(roll_url())


def test_the_history_is_paginated(
    client_for: Callable[[str], Client], leeds: Prison, personas: dict
) -> None:
    _imports(leeds, personas, settings.PAGE_SIZE + 2)
    html = client_for(Role.CASE_ADMIN).get(roll_url()).content.decode()
    assert 'class="govuk-pagination"' in html
    second = client_for(Role.CASE_ADMIN).get(roll_url(), {"page": 2}).content.decode()
    assert second.count('href="/prisons/LEI/roll/') == 2


def test_the_sample_rolls_fit_the_demo_on_any_day(transactional_db: None, tmp_path: Path) -> None:
    """What seed_demo writes previews as five new prisoners and three changed release dates,
    whatever day the demo is seeded; the second file adds one bad row."""
    for day in (
        dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC),
        dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC),
    ):
        with time_machine.travel(day, tick=False):
            call_command(
                "seed_demo", seed=1, force=True, rolls_dir=str(tmp_path), stdout=StringIO()
            )
            prison = Prison.objects.get(code="LEI")
            for name, errors in (("roll-LEI.csv", 0), ("roll-LEI-with-an-error.csv", 1)):
                content = (tmp_path / name).read_bytes()
                roll = read_roll(content, file_name=name, max_bytes=1_000_000)
                plan = plan_roll(prison, roll, full_roll=False, today=day.date())
                assert (len(plan.new), len(plan.changed), len(plan.errors)) == (5, 3, errors), name
                for change in plan.changed:
                    assert [c.column for c in change.changes] == ["conditionalReleaseDate"], name
            (error,) = plan.errors
            assert (error.row, error.column) == (9, "dateOfBirth")


def test_the_example_roll_in_the_docs_reads_without_an_error() -> None:
    content = (SAMPLES / "roll-example.csv").read_bytes()
    roll = read_roll(content, file_name="roll-example.csv", max_bytes=1_000_000)
    for number, cells in enumerate(roll.rows, start=1):
        assert read_record(number, cells, today=dt.date(2026, 12, 6))[1] == []


def test_a_file_wrong_throughout_lists_its_first_errors_and_counts_them_all(
    client_for: Callable[[str], Client], leeds: Prison
) -> None:
    roll_import = services.roll_import_create(
        prison=leeds,
        file_name="lei.csv",
        content=b"x",
        full_roll=False,
        acting_user=None,
        queue=False,
    )
    errors = [{"row": n, "column": "dateOfBirth", "message": "Bad."} for n in range(1, 503)]
    RollImport.objects.filter(pk=roll_import.pk).update(
        status=RollImport.Status.INVALID, errors=errors, summary={"rows": 502}
    )
    detail = reverse("roll-import-detail", args=["LEI", roll_import.pk])
    html = client_for(Role.CASE_ADMIN).get(detail).content.decode()
    assert "These are the first 500 of 502." in html
    assert html.count('<td class="govuk-table__cell">dateOfBirth</td>') == 500
