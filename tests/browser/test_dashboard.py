"""The head of OMU answers 'are we delivering OMiC?' from one page, and drills into a figure."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import Page, expect

from cases.models import Prison, Role, StaffRole
from tests.browser.conftest import assert_accessible
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo", prisons=2, prisoners_per_prison=40, seed=1, force=True)
    call_command("backfill_stats", days=14)


def test_spo_opens_the_overdue_bcs_tile_and_lands_on_its_cases(
    page: Page, live_server: object, demo: None
) -> None:
    sign_in(page, live_server.url, "spo")
    page.get_by_role("link", name="Dashboard").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Are we delivering OMiC?")
    assert_accessible(page)
    tile = page.get_by_test_id("tile-bcs_overdue")
    count = int(tile.locator(".omu-tile__value").inner_text())
    assert count > 0  # the demo has arrivals whose BCS is overdue
    tile.get_by_role("link", name="BCS overdue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("BCS overdue")
    expect(page.get_by_test_id("figure-cases")).to_contain_text(f"{count} case")
    assert_accessible(page)
    page.get_by_role("link", name="Dashboard").first.click()
    page.get_by_role("link", name="Monthly report (printable)").click()
    expect(page.get_by_test_id("monthly-report")).to_be_visible()
    assert_accessible(page)


def test_a_head_of_omu_at_two_prisons_compares_them_and_opens_the_other(
    page: Page, live_server: object, demo: None
) -> None:
    spo = get_user_model().objects.get(username="spo")
    other = Prison.objects.exclude(code="LEI").order_by("code").first()
    StaffRole.objects.get_or_create(user=spo, prison=other, role=Role.HEAD_OF_OMU)
    sign_in(page, live_server.url, "spo")
    page.get_by_role("link", name="Dashboard").first.click()
    page.get_by_role("link", name="Compare your prisons").click()
    table = page.get_by_test_id("prison-comparison")
    expect(table).to_contain_text(other.name)
    expect(table).to_contain_text(Prison.objects.get(code="LEI").name)
    assert_accessible(page)
    page.get_by_role("button", name=f"Dashboard for {other.name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Are we delivering OMiC?")
    expect(page.locator(".govuk-caption-l")).to_have_text(other.name)
