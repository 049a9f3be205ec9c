"""Allocation in a real browser: the head of OMU allocates a case and finds it on the POM's
caseload; every allocation page passes axe-core (WCAG 2.1 AA)."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from cases.models import Allocation, Prisoner
from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo", prisons=2, prisoners_per_prison=40, seed=1, force=True)


def test_spo_allocates_a_case_to_the_top_suggestion_and_sees_it_on_the_caseload(
    page: Page, live_server: object, demo: None
) -> None:
    base = live_server.url
    sign_in(page, base, "spo")
    page.get_by_role("link", name="Allocations", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Allocations")
    assert_accessible(page)

    first = page.get_by_test_id("queue-table").locator("tbody tr").first.get_by_role("link").first
    name = first.inner_text()  # "Surname, First"
    first.click()
    expect(page.get_by_test_id("recommendation")).to_contain_text("POM type needed")
    assert_accessible(page)

    top = page.get_by_test_id("top-suggestion")
    pom_name = top.get_by_test_id("candidate-name").inner_text()
    top.get_by_role("link", name=f"Allocate to {pom_name}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Allocate to {pom_name}")
    assert_accessible(page)
    override = page.get_by_text("No POM of the recommended type is available")
    if override.count():  # only when the top suggestion carries a warning
        override.check()
    page.get_by_label("Note to the POM (optional)").fill("New arrival, please see this week.")
    page.get_by_role("button", name="Confirm allocation").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(pom_name)
    expect(page.get_by_test_id("allocation")).to_contain_text(pom_name)
    expect(page.get_by_test_id("allocation-history")).to_contain_text("POM allocated")
    assert_accessible(page)
    surname, first_name = name.split(", ", 1)
    prisoner = Prisoner.objects.get(
        last_name=surname, first_name=first_name, current_prison__code="LEI"
    )
    assert Allocation.objects.get(prisoner=prisoner).primary_pom.get_full_name() == pom_name

    page.get_by_role("link", name="Staff", exact=True).click()
    assert_accessible(page)
    page.get_by_test_id("pom-table").get_by_role("link", name=pom_name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(pom_name)
    expect(page.get_by_test_id("caseload-table")).to_contain_text(prisoner.prison_number)
    assert_accessible(page)
    screenshot(page, "allocation-caseload")


def test_every_other_allocation_page_is_accessible(
    page: Page, live_server: object, demo: None
) -> None:
    base = live_server.url
    sign_in(page, base, "spo")
    held = Prisoner.objects.filter(
        current_prison__code="LEI", allocation__primary_pom__username="pom"
    ).order_by("prison_number")
    case = held.first().prison_number
    for path in [
        "/allocation/missing-information/",
        "/allocation/reallocation/",
        "/allocation/com-needed/",
        "/allocation/keyworkers/",
        f"/allocation/prisoners/{case}/co-working/",
        f"/allocation/prisoners/{case}/compare/?pom=pom&pom=ppom",
        f"/allocation/prisoners/{case}/missing-information/",
        f"/allocation/prisoners/{case}/com/",
        f"/allocation/prisoners/{case}/keyworker/",
        f"/allocation/prisoners/{case}/history/",
        f"/allocation/prisoners/{case}/remove/pom/",
        "/allocation/staff/pom/",
    ]:
        page.goto(f"{base}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)

    page.goto(f"{base}/allocation/staff/pom/move/")
    page.get_by_role("button", name="Preview the move").click()
    expect(page.get_by_test_id("preview-table")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm the move").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why these cases are moving")
    expect(page.locator("#id_reason_1_error")).to_contain_text("Enter why these cases are moving")
    assert_accessible(page)

    page.goto(f"{base}/allocation/staff/pom/")
    page.get_by_role("button", name="Save").click()  # unchanged: saves nothing, returns
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff and caseloads")

    page.context.clear_cookies()  # sign out
    sign_in(page, base, "pom")
    page.get_by_role("link", name="My caseload", exact=True).first.click()
    expect(page.get_by_test_id("caseload-table")).to_contain_text(case)
    assert_accessible(page)
