"""Early allocation in a real browser: a POM assesses a discretionary case and the head of
OMU approves it. Every page of the journey, and the form sent back with an error, is checked
with axe-core."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import Prisoner, Role
from cases.rules import add_months
from cases.services.roles import roles_sync
from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import (
    AllocationFactory,
    PrisonerFactory,
    PrisonFactory,
    SentenceFactory,
    staff,
    store_answers,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def case(transactional_db: None) -> Prisoner:
    roles_sync()
    leeds = PrisonFactory(code="LEI", name="HMP Leeds")
    pom = staff("early_pom", Role.PRISON_POM, leeds)
    staff("early_head", Role.HEAD_OF_OMU, leeds)
    today = timezone.localdate()
    prisoner = PrisonerFactory(
        current_prison=leeds, first_name="Dale", last_name="Early", rosh=Prisoner.Rosh.HIGH
    )
    SentenceFactory(
        prisoner=prisoner,
        sentence_start_date=today - dt.timedelta(days=400),
        conditional_release_date=add_months(today, 12),
    )
    AllocationFactory(prisoner=prisoner, primary_pom=pom)
    store_answers(today)
    return prisoner


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pass-word-123")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("header-user")).to_be_visible()


def test_a_pom_assesses_and_the_head_of_omu_approves_early_allocation(
    page: Page, live_server: object, case: Prisoner
) -> None:
    base = live_server.url
    number = case.prison_number
    today = timezone.localdate()

    sign_in(page, base, "early_pom")
    page.get_by_role("link", name="Early allocation assessments due").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Early allocation assessments due")
    assert_accessible(page)
    page.get_by_test_id(f"due-{number}").get_by_role("link", name="Assess").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Early allocation assessment")
    assert_accessible(page)

    page.get_by_label("Date of the last OASys risk assessment").fill(
        (today - dt.timedelta(days=14)).isoformat()
    )
    page.get_by_label("Assessed as a high or very high risk of serious harm to the public").check()
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why")
    assert_accessible(page)
    page.get_by_label("Why should the COM take this case early?").fill(
        "High risk of serious harm to a known victim; the COM should plan the release early."
    )
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("head of OMU will decide")
    expect(page.get_by_test_id("early-allocation-status")).to_have_text(
        "Awaiting the head of OMU's decision"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "early_head")
    page.get_by_test_id("nav-early-allocation").click()
    expect(page.get_by_test_id(f"pending-{number}")).to_be_visible()
    assert_accessible(page)
    page.get_by_test_id(f"pending-{number}").get_by_role("link", name="Decide").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Early allocation assessment")
    assert_accessible(page)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Approve early allocation").check()
    page.get_by_label("Note").fill("Agreed with the probation delivery unit.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("approved")
    expect(page.get_by_test_id("early-allocation-status")).to_have_text(
        "Approved by the head of OMU"
    )
    assert_accessible(page)
    screenshot(page, "early-allocation-approved")
    case.refresh_from_db()
    assert case.early_allocation is True
