"""The head of OMU answers 'are we delivering OMiC?' from one page, and drills into a figure."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

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
