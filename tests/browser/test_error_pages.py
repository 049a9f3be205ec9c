"""The 403 page as a COM meets it: inside the service's layout, saying why, with a way home."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo", prisons=2, prisoners_per_prison=10, seed=1, force=True)


def test_a_com_opening_the_dashboard_gets_a_page_with_a_way_home(
    page: Page, live_server: object, demo: None
) -> None:
    sign_in(page, live_server.url, "com")
    response = page.goto(f"{live_server.url}/dashboard/")
    assert response is not None and response.status == 403
    expect(page.get_by_test_id("header-user")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot see this page")
    expect(page.get_by_test_id("denied-reason")).to_contain_text("head of OMU")
    assert page.title().startswith("You cannot see this page")
    assert_accessible(page)
    page.get_by_role("link", name="Go to your home page").click()
    expect(page.get_by_test_id("header-user")).to_be_visible()
    assert page.url.rstrip("/") == live_server.url


def test_a_missing_page_is_found_in_the_layout(page: Page, live_server: object, demo: None) -> None:
    sign_in(page, live_server.url, "keyworker")
    response = page.goto(f"{live_server.url}/prisoners/Z9999ZZ/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page)
