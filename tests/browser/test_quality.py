"""The case-quality audit in the browser: the head of OMU opens this month's sample, answers a
case's questions (after a mistake the form reports), and reads the results. Every page is
checked with axe-core."""

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from quality import rules, selectors
from quality.models import AuditCase
from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo", prisons=2, prisoners_per_prison=40, seed=1, force=True)


def test_the_head_of_omu_reviews_a_sampled_case_and_reads_the_results(
    page: Page, live_server: object, demo: None
) -> None:
    base = live_server.url
    audit_case = (
        AuditCase.objects.filter(reviewer__username="spo", status=AuditCase.Status.TO_REVIEW)
        .select_related("prisoner", "sample__prison")
        .order_by("sample__prison__code", "id")
        .first()
    )
    assert audit_case is not None, "the demo draws a sample with cases for spo to review"
    number = audit_case.prisoner.prison_number
    sign_in(page, base, "spo")
    if audit_case.sample.prison.code != page.get_by_label("Prison").input_value():
        page.get_by_label("Prison").select_option(audit_case.sample.prison.code)
        page.get_by_role("button", name="Switch").click()

    page.get_by_test_id("nav-quality").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Case-quality audit")
    expect(page.get_by_test_id(f"audit-row-{number}")).to_contain_text("To review")
    assert_accessible(page)
    screenshot(page, "quality-sample")

    page.get_by_test_id(f"audit-row-{number}").get_by_role("link").click()
    expect(page.get_by_test_id("suggestion-bcs")).to_contain_text("From the record")
    assert_accessible(page)

    bcs = page.get_by_role("group", name=f"1. {rules.QUESTIONS[0].text}")
    suggested = selectors.suggestions(audit_case.prisoner, today=timezone.localdate())["bcs"]
    expect(bcs.get_by_label(rules.JUDGEMENTS[suggested.judgement], exact=True)).to_be_checked()
    page.get_by_label("Note on question 1 (optional)").fill("Screened late, on day five.")
    for number_, question in enumerate(rules.QUESTIONS, start=1):
        group = page.get_by_role("group", name=f"{number_}. {question.text}")
        group.get_by_label("Partly met" if question.code == "bcs" else "Met", exact=True).check()
    page.get_by_role("button", name="Save answers").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Answers saved.")
    expect(page.get_by_test_id(f"audit-row-{number}")).to_contain_text("Complete")
    audit_case.refresh_from_db()
    assert audit_case.status == AuditCase.Status.COMPLETE
    assert audit_case.answers.get(question="bcs").note == "Screened late, on day five."

    page.get_by_role("link", name="See the results by month").click()
    expect(page.get_by_test_id("latest-table")).to_contain_text("Basic Custody Screening")
    assert_accessible(page)
    screenshot(page, "quality-results")

    other = (
        AuditCase.objects.filter(sample=audit_case.sample, status=AuditCase.Status.TO_REVIEW)
        .exclude(pk=audit_case.pk)
        .first()
    )
    assert other is not None
    page.goto(f"{base}/quality/cases/{other.pk}/reviewer/")
    expect(page.get_by_role("heading", name="Change the reviewer")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Change the reviewer").click()  # no reason given
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
