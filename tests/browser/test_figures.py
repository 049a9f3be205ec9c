"""The head of OMU on the demo as `make run` seeds it: every figure with its 12-week line, a
figure's own page with its definition, and "Compare your prisons" with figures in every cell."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo", force=True, rolls_dir="")  # what `make run` seeds


def test_the_head_of_omu_reads_trends_definitions_and_the_comparison(
    page: Page, live_server: object, demo: None
) -> None:
    sign_in(page, live_server.url, "spo")
    page.get_by_role("link", name="Dashboard").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Are we delivering OMiC?")
    tiles = page.get_by_test_id("dashboard-tiles").locator("li.omu-tile")
    count = tiles.count()
    assert count >= 17
    # Every tile draws its line, but a figure too new for one says why instead (the case audit
    # draws its first sample this month).
    notes = page.get_by_test_id("dashboard-tiles").locator(".omu-trend-note").count()
    assert notes <= 1
    expect(page.locator("svg.omu-sparkline polyline")).to_have_count(count - notes)
    expect(page.get_by_text("No snapshots yet")).to_have_count(0)
    staffing = page.get_by_test_id("tile-pom_staffing")
    expect(staffing).to_contain_text("in post")
    expect(staffing).to_contain_text("needed")
    assert_accessible(page)
    screenshot(page, "dashboard-with-trends")

    staffing.get_by_role("link", name="POM staffing in post").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("POM staffing in post")
    definition = page.get_by_test_id("figure-definition")
    expect(definition).to_contain_text("POMs in post: the working hours of active POMs")
    expect(definition).to_contain_text("POMs needed: the cases in OMiC scope divided by")
    expect(definition).to_contain_text("Target")
    page.get_by_text("Trend as a table").click()
    expect(page.get_by_test_id("trend-pom_staffing").locator("tbody tr")).to_have_count(12)
    assert_accessible(page)

    page.get_by_role("link", name="Dashboard").first.click()
    page.get_by_role("link", name="Compare your prisons").click()
    table = page.get_by_test_id("prison-comparison")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).not_to_contain_text("No snapshot yet")
    expect(table).to_contain_text("%")
    assert_accessible(page)
    screenshot(page, "compare-your-prisons")
