"""The forms people use most, submitted empty and then wrong in a real browser: the error
summary opens `main`, takes the focus, lists each field once in words and links to it; the
page title starts with "Error: "; each page passes axe-core (WCAG 2.1 AA)."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from cases.models import Prisoner
from tests.browser.conftest import assert_accessible
from tests.browser.test_screening import new_arrival_held_by, sign_in

pytestmark = pytest.mark.browser

DJANGO_WORDS = ("This field is required", "Enter a valid", "Ensure this value")


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo", prisons=2, prisoners_per_prison=40, seed=1, force=True)


def errors_shown(page: Page) -> list[str]:
    """The error summary's lines, after checking it is drawn as GOV.UK asks."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert page.title().startswith("Error: "), page.title()
    assert page.evaluate(
        "document.querySelector('main').firstElementChild.classList.contains('govuk-error-summary')"
    ), "the summary is the first thing in main"
    expect(summary).to_be_focused()
    lines = [line.strip() for line in summary.locator("li").all_inner_texts()]
    assert lines and len(lines) == len(set(lines)), f"each error once: {lines}"
    targets = summary.locator("a").evaluate_all("links => links.map(a => a.hash)")
    assert len(targets) == len(set(targets)), f"each field once: {targets}"
    for target in targets:
        assert page.locator(target).count() == 1, f"{target} is on the page"
    for line in lines:
        assert not line.startswith(DJANGO_WORDS), line
    assert_accessible(page)
    return lines


def case_held_by(username: str) -> Prisoner:
    prisoner = (
        Prisoner.objects.filter(
            current_prison__code="LEI", allocation__primary_pom__username=username
        )
        .order_by("prison_number")
        .first()
    )
    assert prisoner is not None
    return prisoner


def test_the_session_form(page: Page, live_server: object, demo: None) -> None:
    prisoner = case_held_by("pom")
    sign_in(page, live_server.url, "pom")
    page.goto(f"{live_server.url}{reverse('session-new', args=[prisoner.prison_number])}")
    assert_accessible(page)
    # "Why did it not happen?" shows only once "No" is chosen (conditional reveal).
    reason = page.locator("#id_not_held_reason")
    expect(reason).to_be_hidden()
    page.get_by_role("radio", name="No", exact=True).check()
    expect(reason).to_be_visible()
    page.get_by_role("radio", name="Yes", exact=True).check()
    expect(reason).to_be_hidden()

    for box in ("#id_date_0", "#id_date_1", "#id_date_2", "#id_time", "#id_duration_minutes"):
        page.locator(box).fill("")
    page.get_by_role("button", name="Save session").click()
    assert errors_shown(page) == [
        "Enter the date of the session",
        "Enter the time of the session",
        "Enter how long the session lasted in minutes",
        "Enter a summary of the session",
    ]
    expect(page.locator("#id_duration_minutes")).to_have_class(
        "govuk-input govuk-input--width-3 govuk-input--error"
    )

    page.locator("#id_date_0").fill("32")
    page.locator("#id_date_1").fill("13")
    page.locator("#id_date_2").fill("2026")
    page.locator("#id_time").fill("25:99")
    page.locator("#id_duration_minutes").fill("forty")
    page.get_by_role("radio", name="No", exact=True).check()
    page.get_by_label("Summary").fill("x" * 5001)
    page.get_by_role("button", name="Save session").click()
    assert errors_shown(page) == [
        "The date of the session must be a real date",
        "Enter the time of the session as hours and minutes, like 14:30",
        "Enter how long the session lasted as a number of minutes, like 45",
        "Choose why the session did not happen",
        "Summary must be 5,000 characters or fewer",
    ]
    expect(page.locator("#id_not_held_reason")).to_be_visible()  # "No" stays chosen, revealed
    expect(page.locator(".govuk-character-count__status").first).to_contain_text(
        "1 character too many"
    )


def test_the_bcs_form(page: Page, live_server: object, demo: None) -> None:
    prisoner = new_arrival_held_by("pom")
    sign_in(page, live_server.url, "pom")
    page.goto(f"{live_server.url}{reverse('bcs', args=[prisoner.prison_number])}")
    start = page.get_by_role("button", name="Complete the screening")
    if start.count():
        start.click()
    page.get_by_role("button", name="Complete screening").click()
    lines = errors_shown(page)
    assert lines[0] == "Select whether there is a need for accommodation"
    assert lines[-1] == "Select whether there is an immediate cell sharing risk"
    assert len(lines) == 10  # 8 areas and 2 risks

    page.get_by_role("group", name="Is there a need for accommodation?").get_by_label(
        "Yes", exact=True
    ).check()
    page.get_by_role("button", name="Complete screening").click()
    lines = errors_shown(page)
    assert lines[0] == "Describe the need for accommodation"
    assert len(lines) == 10  # the need described instead of chosen, the rest still unanswered


def test_the_allocation_form(page: Page, live_server: object, demo: None) -> None:
    prisoner = case_held_by("pom")
    sign_in(page, live_server.url, "spo")
    page.goto(f"{live_server.url}{reverse('allocation-allocate', args=[prisoner.prison_number])}")
    top = page.get_by_test_id("top-suggestion")
    name = top.get_by_test_id("candidate-name").inner_text()
    top.get_by_role("link", name=f"Allocate to {name}").click()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm allocation").click()
    lines = errors_shown(page)
    assert "Enter why the case is being re-allocated" in lines

    page.get_by_label("Why is the case being re-allocated?").fill("Rebalancing caseloads")
    page.get_by_label("Note to the POM (optional)").fill("y" * 2001)
    page.get_by_role("button", name="Confirm allocation").click()
    lines = errors_shown(page)
    assert "Note to the POM must be 2,000 characters or fewer" in lines
    assert "Enter why the case is being re-allocated" not in lines


def test_the_policy_form(page: Page, live_server: object, demo: None) -> None:
    sign_in(page, live_server.url, "spo")
    page.goto(f"{live_server.url}{reverse('prison-policy', args=['LEI'])}")
    assert_accessible(page)
    page.get_by_label("Cases for a new POM").fill("")
    page.get_by_role("button", name="Save policy").click()
    assert errors_shown(page) == [
        "Enter a number for cases for a new POM",
        "Enter why you are changing the policy",
    ]

    page.get_by_label("Cases for a new POM").fill("ten")
    page.get_by_label("Cases for a full-time POM").fill("-1")
    page.get_by_label("Why are you changing the policy?").fill("New staffing model")
    page.get_by_role("button", name="Save policy").click()
    assert errors_shown(page) == [
        "Cases for a full-time POM must be 0 or more",
        "Cases for a new POM must be a whole number",
    ]


def test_the_keywork_form(page: Page, live_server: object, demo: None) -> None:
    sign_in(page, live_server.url, "keyworker")
    page.goto(f"{live_server.url}{reverse('keywork')}")
    assert_accessible(page)
    page.get_by_role("button", name="Save sessions").click()
    assert errors_shown(page) == ["Choose Seen or Not seen for at least one prisoner"]

    page.locator("#id_date_0").fill("31")
    page.locator("#id_date_1").fill("2")
    page.locator("#id_date_2").fill("2026")
    page.locator("#id_duration_minutes").fill("0")
    row = page.get_by_test_id("keywork-table").locator("tbody tr").first
    row.locator("select").first.select_option("no")
    page.get_by_role("button", name="Save sessions").click()
    lines = errors_shown(page)
    assert lines[:2] == [
        "The date of the shift must be a real date",
        "A session lasts at least 5 minutes",
    ]
    assert len(lines) == 3 and lines[2].startswith("Choose why you did not see ")
