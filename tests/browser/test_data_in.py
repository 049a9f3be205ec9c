"""Data in, in a real browser: importing a roll (upload, preview with an error, fix, apply, the
new cases ready at once), changing a sentence, and axe-core on every page that changes a
case's facts."""

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import Prison, Prisoner, Role, RollImport, StaffRole
from cases.roll import jobs, services
from cases.roll.record import KEY_DATE_COLUMNS
from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser

STATUS_IN_FILE = {"sentenced": "SENTENCED", "recalled": "RECALL"}
COLUMNS = [
    "prisonerNumber",
    "firstName",
    "lastName",
    "dateOfBirth",
    "legalStatus",
    "sentenceStartDate",
    *KEY_DATE_COLUMNS,
    "cellLocation",
]
NEW = ["H1001AB", "H1002CD", "H1003EF", "H1004GH", "H1005JK"]


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo", prisons=2, prisoners_per_prison=40, seed=1, force=True)


def admin_prison() -> Prison:
    return StaffRole.objects.get(user__username="caseadmin", role=Role.CASE_ADMIN).prison


def existing_rows(prison: Prison, how_many: int) -> list[dict[str, str]]:
    """Rows for prisoners held now, as their records say, with a later CRD."""
    rows = []
    held = Prisoner.objects.filter(
        current_prison=prison,
        legal_status="sentenced",
        sentences__is_current=True,
        sentences__conditional_release_date__isnull=False,
        sentences__indeterminate=False,
    ).order_by("prison_number")
    for prisoner in held[:how_many]:
        sentence = prisoner.sentences.get(is_current=True)
        row = {
            "prisonerNumber": prisoner.prison_number,
            "firstName": prisoner.first_name,
            "lastName": prisoner.last_name,
            "dateOfBirth": prisoner.date_of_birth.isoformat(),
            "legalStatus": STATUS_IN_FILE[prisoner.legal_status],
            "sentenceStartDate": sentence.sentence_start_date.isoformat(),
            "cellLocation": prisoner.location,
        }
        for column, field in KEY_DATE_COLUMNS.items():
            value = getattr(sentence, field)
            row[column] = value.isoformat() if value else ""
        crd = sentence.conditional_release_date
        row["conditionalReleaseDate"] = crd.replace(day=1).isoformat()
        if crd.day == 1:
            row["conditionalReleaseDate"] = crd.replace(day=2).isoformat()
        rows.append(row)
    return rows


def new_row(number: str, born: str = "1990-04-12") -> dict[str, str]:
    return {
        "prisonerNumber": number,
        "firstName": "New",
        "lastName": f"Arrival {number}",
        "dateOfBirth": born,
        "legalStatus": "SENTENCED",
        "sentenceStartDate": "2026-11-19",
        "conditionalReleaseDate": "2029-05-18",
        "sentenceExpiryDate": "2031-11-18",
        "licenceExpiryDate": "2031-11-18",
        "cellLocation": "B-3-023",
    }


def write_roll(path: Path, rows: list[dict[str, str]]) -> Path:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows({k: r.get(k, "") for k in COLUMNS} for r in rows)
    path.write_text(out.getvalue())
    return path


def upload(page: Page, path: Path) -> None:
    page.get_by_label("Roll file").set_input_files(str(path))
    page.get_by_role("button", name="Upload and check").click()


def count(page: Page, label: str) -> str:
    key = page.locator("dt", has_text=re.compile(rf"^\s*{label}\s*$"))
    row = page.get_by_test_id("roll-counts").locator(".govuk-summary-list__row", has=key)
    return row.locator("dd").inner_text().strip()


def test_a_case_admin_imports_a_roll_fixes_a_bad_row_and_applies_it(
    page: Page, live_server: object, demo: None, tmp_path: Path
) -> None:
    prison = admin_prison()
    changed = existing_rows(prison, 3)
    bad = new_row("H1006LM", born="1990-02-31")
    rows = [*changed, *(new_row(n) for n in NEW[:2]), bad, *(new_row(n) for n in NEW[2:])]
    sign_in(page, live_server.url, "caseadmin")
    page.get_by_role("link", name="Import the roll").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import the roll")
    assert_accessible(page)

    upload(page, write_roll(tmp_path / "roll.csv", rows))
    expect(page.get_by_test_id("roll-counts")).to_be_visible()
    assert (count(page, "New prisoners"), count(page, "Changed"), count(page, "Errors")) == (
        "5",
        "3",
        "1",
    )
    errors = page.get_by_test_id("roll-errors")
    expect(errors.locator("tbody tr")).to_have_count(1)
    cells = errors.locator("tbody tr td").all_inner_texts()
    assert cells[:2] == ["6", "dateOfBirth"] and "not a real date" in cells[2]
    expect(page.get_by_role("button", name="Apply this roll")).to_have_count(0)
    expect(page.get_by_test_id("roll-changed")).to_contain_text("conditionalReleaseDate")
    assert_accessible(page)
    screenshot(page, "roll-preview-with-an-error")

    bad["dateOfBirth"] = "1990-02-28"
    page.get_by_role("link", name="upload it again").click()
    upload(page, write_roll(tmp_path / "roll-fixed.csv", rows))
    assert (count(page, "New prisoners"), count(page, "Changed"), count(page, "Errors")) == (
        "6",
        "3",
        "0",
    )
    assert not Prisoner.objects.filter(prison_number__in=NEW).exists()  # the preview wrote nothing
    page.get_by_role("button", name="Apply this roll").click()
    expect(page.locator(".govuk-panel")).to_contain_text("Roll applied")
    assert_accessible(page)

    page.get_by_test_id("roll-new").get_by_role("link", name=f"New Arrival {NEW[0]}").click()
    expect(page.get_by_test_id("omic-panel")).to_be_visible()
    screening = page.get_by_test_id("case-screening")
    expect(screening).to_contain_text(re.compile(r"Tasks: [1-9][0-9]* open"))
    assert_accessible(page)
    page.get_by_role("link", name="History").click()
    expect(page.locator(".moj-timeline")).to_contain_text("roll import")

    page.goto(f"{live_server.url}/prisons/{prison.code}/roll/")
    history = page.get_by_test_id("roll-import-history")
    expect(history.locator("tbody tr")).to_have_count(2)
    expect(history).to_contain_text("Applied")
    assert_accessible(page)


def test_a_case_admin_changes_a_key_date_and_sees_it_in_the_history(
    page: Page, live_server: object, demo: None
) -> None:
    prisoner = (
        Prisoner.objects.filter(
            current_prison=admin_prison(), sentences__conditional_release_date__isnull=False
        )
        .order_by("prison_number")
        .first()
    )
    crd = prisoner.sentences.get(is_current=True).conditional_release_date
    sign_in(page, live_server.url, "caseadmin")
    page.goto(f"{live_server.url}/prisoners/{prisoner.prison_number}/")
    page.get_by_role("link", name="Change the sentence and key dates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the sentence")
    assert_accessible(page)

    page.get_by_role("button", name="Save the sentence").click()  # no reason given
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Say why you are making this change"
    )
    assert page.title().startswith("Error: ")
    assert_accessible(page)

    new = crd - dt.timedelta(days=7)
    crd_group = page.get_by_role("group", name="Conditional release date (CRD)")
    crd_group.get_by_label("Day").fill(str(new.day))
    crd_group.get_by_label("Month").fill(str(new.month))
    crd_group.get_by_label("Year").fill(str(new.year))
    page.get_by_label("Why are you changing the sentence?").fill("NOMIS recalculated the CRD")
    page.get_by_role("button", name="Save the sentence").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Sentence saved")
    history = page.get_by_test_id("sentence-history")
    expect(history).to_contain_text(f"{crd:%-d %B %Y} → {new:%-d %B %Y}")
    expect(history).to_contain_text("NOMIS recalculated the CRD")
    expect(history).to_contain_text("Daniel Kowalski")
    assert_accessible(page)
    screenshot(page, "sentence-changed")
    assert prisoner.sentences.get(is_current=True).conditional_release_date == new


def test_every_page_that_changes_the_facts_passes_axe(
    page: Page, live_server: object, demo: None
) -> None:
    prison = admin_prison()
    prisoner = Prisoner.objects.filter(current_prison=prison).order_by("prison_number").first()
    other = Prisoner.objects.filter(current_prison=prison).order_by("-prison_number").first()
    number = prisoner.prison_number
    sign_in(page, live_server.url, "caseadmin")
    base = live_server.url
    for path, button in (
        ("/arrivals/new/", "Record the arrival"),
        (f"/prisoners/{number}/details/", "Save the details"),
        (f"/prisoners/{number}/transfer/", "Record the transfer"),
        (f"/prisoners/{number}/release/", None),
        ("/merges/new/", "Preview the merge"),
    ):
        page.goto(f"{base}{path}")
        assert_accessible(page)
        if button:  # the page with its error summary
            page.get_by_role("button", name=button).click()
            expect(page.locator(".govuk-error-summary")).to_be_visible()
            assert page.title().startswith("Error: ")
            assert_accessible(page)

    page.goto(f"{base}/merges/new/?kept={number}")
    page.get_by_label("Prison number to remove").fill(other.prison_number)
    page.get_by_role("button", name="Preview the merge").click()
    expect(page.get_by_test_id("merge-records")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{base}/prisons/{prison.code}/roll/")
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a roll file")
    assert_accessible(page)


def test_a_running_import_shows_its_progress_and_its_result_when_done(
    page: Page, live_server: object, demo: None, tmp_path: Path
) -> None:
    prison = admin_prison()
    content = write_roll(tmp_path / "r.csv", [new_row(NEW[0])]).read_bytes()
    roll_import = services.roll_import_create(
        prison=prison,
        file_name="r.csv",
        content=content,
        full_roll=False,
        acting_user=None,
        queue=False,  # left checking: no worker picks it up
    )
    sign_in(page, live_server.url, "caseadmin")
    url = f"{live_server.url}/prisons/{prison.code}/roll/{roll_import.pk}/"
    page.goto(url)
    expect(page.get_by_role("status")).to_contain_text("Checking the file: 0% done")
    expect(page.locator("progress")).to_have_attribute("value", "0")
    # The page follows the job by asking the API, not by reloading itself (a timed refresh
    # fails WCAG 2.2.1), so it passes axe while it waits.
    assert_accessible(page)
    jobs.roll_import_check(roll_import_id=roll_import.pk, today=timezone.localdate())
    expect(page.get_by_role("button", name="Apply this roll")).to_be_visible(timeout=6000)
    assert RollImport.objects.get(pk=roll_import.pk).status == RollImport.Status.PREVIEWED
    assert_accessible(page)
