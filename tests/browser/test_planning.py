"""The head of OMU tries a single handover point and lower caseloads, reads the year ahead
side by side with today's policy, applies it, and runs the same across two prisons."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import Page, expect

from cases.models import Prison, PrisonPolicy, Role, StaffRole
from tests.browser.conftest import assert_accessible
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo", prisons=2, prisoners_per_prison=40, seed=1, force=True)


def test_the_head_of_omu_tries_a_policy_and_applies_it(
    page: Page, live_server: object, demo: None
) -> None:
    sign_in(page, live_server.url, "spo")
    page.goto(f"{live_server.url}/prisons/LEI/policy/")
    page.get_by_test_id("page-links").get_by_role("link", name="Policy what-if").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Policy what-if")
    assert_accessible(page)
    page.get_by_label("Handover rule").select_option("single_point")
    page.get_by_label("Cases for a full-time POM").fill("30")
    page.get_by_role("button", name="See what would change").click()
    expect(page.get_by_test_id("whatif-summary")).to_be_visible()
    expect(page.get_by_test_id("chart-pom_cases")).to_be_visible()
    assert_accessible(page)
    page.get_by_text("Every figure week by week, as a table").click()
    expect(page.get_by_test_id("whatif-weeks").locator("tbody tr")).to_have_count(52)
    assert_accessible(page)
    assert PrisonPolicy.objects.get(prison__code="LEI").handover_rule == "national"
    page.get_by_label("Why are you changing the policy?").fill("One handover point for all")
    page.get_by_role("button", name="Apply this policy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("OMiC policy")
    assert_accessible(page)
    policy = PrisonPolicy.objects.get(prison__code="LEI")
    assert (policy.handover_rule, policy.pom_capacity) == ("single_point", 30)


def test_a_head_of_omu_at_two_prisons_runs_the_whatif_across_both(
    page: Page, live_server: object, demo: None
) -> None:
    spo = get_user_model().objects.get(username="spo")
    other = Prison.objects.exclude(code="LEI").order_by("code").first()
    assert other is not None
    StaffRole.objects.get_or_create(user=spo, prison=other, role=Role.HEAD_OF_OMU)
    sign_in(page, live_server.url, "spo")
    page.goto(f"{live_server.url}/planning/what-if/")
    page.get_by_label("Prison", exact=True).last.select_option("all")
    page.get_by_role("button", name="Choose").click()
    expect(page.get_by_test_id("across-note")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Community case if this many months or less to serve").fill("12")
    page.get_by_role("button", name="See what would change").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Policy what-if across prisons")
    expect(page.get_by_test_id("whatif-summary")).to_be_visible()
    assert_accessible(page)
