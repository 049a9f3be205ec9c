"""Main journeys in a real browser, each page checked with axe-core."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from cases.models import Prisoner
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo", prisons=2, prisoners_per_prison=40, seed=1, force=True)


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("omu-demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("header-user")).to_be_visible()


def test_a_pom_finds_a_prisoner_and_opens_the_case(
    page: Page, live_server: object, demo: None
) -> None:
    base = live_server.url
    sign_in(page, base, "pom")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)

    prisoner = (
        Prisoner.objects.filter(current_prison__code="LEI", allocation__primary_pom__username="pom")
        .order_by("prison_number")
        .first()
    )
    page.get_by_role("link", name="Prisoners", exact=True).first.click()
    assert_accessible(page)
    page.get_by_label("Name or prison number").fill(prisoner.last_name)
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("link", name=f"{prisoner.last_name}, {prisoner.first_name}").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"{prisoner.first_name} {prisoner.last_name}"
    )
    expect(page.get_by_test_id("personal-details")).to_contain_text(prisoner.prison_number)
    assert_accessible(page)
    screenshot(page, "pom-case-page")

    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", name="Audit history")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize(
    "username", ["pom", "ppom", "spo", "caseadmin", "keyworker", "com", "pom2"]
)
def test_every_demo_login_reaches_its_home_page(
    page: Page, live_server: object, demo: None, username: str
) -> None:
    sign_in(page, live_server.url, username)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".govuk-inset-text")).to_have_count(0)  # no "you have no role" page
    assert_accessible(page)


def test_the_head_of_omu_switches_prison(page: Page, live_server: object, demo: None) -> None:
    sign_in(page, live_server.url, "spo")
    switcher = page.get_by_test_id("prison-switcher")
    options = switcher.locator("option").all_text_contents()
    assert len(options) == 2
    switcher.get_by_label("Prison").select_option(label=options[1])
    switcher.get_by_role("button", name="Switch").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(options[1])
    expect(page.get_by_test_id("header-user")).to_contain_text(options[1])
    assert_accessible(page)


def test_a_wrong_password_shows_the_error_summary(page: Page, live_server: object) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()
    assert_accessible(page)
