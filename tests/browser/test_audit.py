"""The head of OMU reads the prison's audit (their own reading of a case included) and makes
a subject access export; both pages pass axe-core."""

import json

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from cases.models import AccessLog, Prisoner
from tests.browser.conftest import assert_accessible
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo", prisons=2, prisoners_per_prison=15, seed=3, force=True)


def test_the_head_of_omu_reads_the_audit_and_exports_a_persons_records(
    page: Page, live_server: object, demo: None
) -> None:
    base = live_server.url  # type: ignore[attr-defined]  # pytest-django's live server
    prisoner = Prisoner.objects.filter(current_prison__code="LEI").order_by("prison_number")[0]
    number = prisoner.prison_number
    sign_in(page, base, "spo")
    page.goto(f"{base}/prisoners/{number}/")
    page.get_by_test_id("subject-access-link").click()
    expect(page.get_by_role("heading", name="Subject access request")).to_be_visible()
    expect(page.get_by_test_id("sar-sections")).to_contain_text("Sentences")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_test_id("sar-json").click()
    document = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert document["prison_number"] == number

    page.get_by_role("link", name="Audit", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Audit")
    expect(page.get_by_test_id("audit-table")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kind of change").select_option("access")
    page.get_by_label("Prison number").fill(number)
    page.get_by_role("button", name="Apply filters").click()
    table = page.get_by_test_id("audit-table")
    expect(table).to_contain_text("Subject access export")
    expect(table).to_contain_text("case page opened")
    expect(table).to_contain_text("(Head of OMU")
    assert_accessible(page)
    assert AccessLog.objects.filter(kind="subject_access", prison_number=number).count() == 1
