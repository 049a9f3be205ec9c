"""In Chromium, with the Content-Security-Policy on: no page of the service breaks it, a print
button still prints, and the timeout warning comes, keeps the session, and signs out."""

import json

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import Page, expect

from cases.models import Prisoner
from tests.browser.conftest import assert_accessible
from tests.browser.test_journeys import sign_in
from tests.security.browser import in_browser, violations

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo", prisons=2, prisoners_per_prison=10, seed=1, force=True)


def lei_case() -> str:
    case = Prisoner.objects.filter(current_prison__code="LEI").order_by("prison_number").first()
    assert case is not None
    return case.prison_number


PAGES = [
    "/",
    "/prisoners/",
    "/prisoners/{number}/",
    "/prisoners/{number}/record/",
    "/prisoners/{number}/history/",
    "/dashboard/",
    "/keywork/delivery/",
    "/prisons/LEI/policy/",
    "/allocation/",
    "/allocation/staff/",
    "/handover/",
    "/handover/{number}/",
    "/handover/{number}/summary/",
    "/handover/{number}/letter/",
    "/screening/tasks/omu/",
    "/interventions/",
    "/accounts/password/",
    "/accounts/lockouts/",
    "/api/docs/",
    "/api/v1/prisoners/",
]


def test_no_page_breaks_the_content_security_policy(live_server: object, demo: None) -> None:
    base, number = live_server.url, lei_case()  # type: ignore[attr-defined]

    def walk(page: Page) -> dict[str, list[str]]:
        sign_in(page, base, "spo")
        found = {}
        for path in PAGES:
            response = page.goto(base + path.format(number=number))
            assert response is not None and response.status < 400, (path, response.status)
            if path == "/api/docs/":
                expect(page.locator(".swagger-ui .information-container")).to_be_visible()
            broken = violations(page)
            if broken:
                found[path] = broken
        return found

    found = in_browser(walk)
    assert not found, json.dumps(found, indent=1)


def test_the_print_buttons_print_under_the_policy(live_server: object, demo: None) -> None:
    base, number = live_server.url, lei_case()  # type: ignore[attr-defined]

    def print_letter(page: Page) -> tuple[int, list[str]]:
        sign_in(page, base, "spo")
        page.goto(f"{base}/handover/{number}/letter/")
        page.evaluate(
            "() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }"
        )
        page.get_by_role("button", name="Print this letter").click()
        return page.evaluate("window.__printed"), violations(page)

    printed, refused = in_browser(print_letter)
    assert printed == 1
    assert refused == []  # a data-omu-print button: nothing for the policy to refuse


def timeout_scenario(page: Page, base: str) -> list[str]:
    sign_in(page, base, "pom")
    page.goto(f"{base}/prisoners/")
    dialog = page.get_by_role("dialog", name="You're about to be signed out")
    expect(dialog).to_be_hidden()
    expect(dialog).to_be_visible(timeout=10_000)  # 4 seconds after the page loads
    expect(dialog).to_contain_text("we will sign you out in")
    assert_accessible(page)

    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    page.reload()  # the session was kept: still signed in
    expect(page.get_by_test_id("header-user")).to_be_visible()

    expect(dialog).to_be_visible(timeout=10_000)
    page.wait_for_url("**/accounts/login/?timed_out=1**", timeout=20_000)
    expect(page.get_by_test_id("timed-out")).to_contain_text("You were signed out")
    refused = violations(page)

    # Signing in again goes back to the page the session ended on.
    page.get_by_label("Username").fill("pom")
    page.get_by_label("Password").fill("omu-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/prisoners/")
    return refused


@override_settings(SESSION_COOKIE_AGE=14, SESSION_TIMEOUT_WARNING_SECONDS=10)
def test_the_timeout_warning_keeps_the_session_or_signs_out(
    live_server: object, demo: None
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    assert in_browser(lambda page: timeout_scenario(page, base)) == []
