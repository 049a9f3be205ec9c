"""Interventions in the browser: a POM is stopped from referring to a programme that cannot
finish before release, refers to a shorter one instead and follows it; the head of OMU keeps
the directory. Every page is checked with axe-core."""

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from cases.models import Prisoner
from interventions import selectors
from interventions.models import Referral
from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo", prisons=2, prisoners_per_prison=40, seed=1, force=True)


def a_case_with_a_programme_too_long() -> tuple[Prisoner, selectors.Option, selectors.Option]:
    """A Leeds case (the POM's own first) for whom a programme is stopped only because it
    cannot finish before release, and a shorter intervention fits."""
    today = timezone.localdate()
    cases = Prisoner.objects.filter(current_prison__code="LEI").select_related("current_prison")
    ordered = sorted(
        cases,
        key=lambda p: (
            p.allocation.primary_pom_id is None if hasattr(p, "allocation") else True,
            p.prison_number,
        ),  # noqa: E501
    )
    for prisoner in ordered:
        options = selectors.referral_options(prisoner, today=today)
        for option in options:
            failed = {c.key for c in option.assessment.failures}
            if failed == {"fit"}:
                instead = selectors.alternatives(options, option.offering)
                if instead:
                    return prisoner, option, instead[0]
    raise AssertionError("The demo has no case for the journey")


def test_a_pom_is_stopped_from_an_impossible_referral_and_refers_to_a_shorter_course(
    page: Page, live_server: object, demo: None
) -> None:
    base = live_server.url
    prisoner, too_long, shorter = a_case_with_a_programme_too_long()
    sign_in(page, base, "pom")
    page.get_by_test_id("nav-interventions").click()
    expect(page.get_by_role("heading", name="Interventions", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="See which prisons run each programme").click()
    expect(page.get_by_test_id("national")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{base}/prisoners/{prisoner.prison_number}/")
    page.get_by_test_id("case-interventions").get_by_role(
        "link", name="Refer to an intervention"
    ).click()  # noqa: E501
    expect(page.get_by_role("heading", name="Refer to an intervention")).to_be_visible()
    assert_accessible(page)

    page.get_by_label(too_long.offering.intervention.name, exact=True).check()
    page.get_by_role("button", name="Refer").click()
    warning = page.get_by_test_id("referral-warning")
    expect(warning).to_contain_text(f"{too_long.offering.intervention.name} cannot go ahead")
    expect(warning).to_contain_text(too_long.finish_check.explanation)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Cannot finish in time")
    expect(page.get_by_test_id("alternatives")).to_contain_text(shorter.offering.intervention.name)
    assert_accessible(page)
    screenshot(page, "interventions-referral-stopped")
    assert not Referral.objects.filter(prisoner=prisoner, offering=too_long.offering).exists()

    page.get_by_label(shorter.offering.intervention.name, exact=True).check()
    page.get_by_role("button", name="Refer").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Referred")
    expect(page.get_by_role("heading", level=1)).to_have_text(shorter.offering.intervention.name)
    expect(page.get_by_test_id("fit-checks")).to_contain_text("Finishes on")
    assert_accessible(page)
    referral = Referral.objects.get(prisoner=prisoner, offering=shorter.offering)

    page.get_by_role("link", name="Record the assessment").click()
    assert_accessible(page)
    page.get_by_label("Suitable", exact=True).check()
    page.get_by_role("button", name="Record the assessment").click()
    expect(page.get_by_test_id("referral-summary")).to_be_visible()
    if not shorter.offering.intervention.is_workbook:
        page.get_by_role("link", name="Place in a cohort").click()
        assert_accessible(page)
        page.get_by_label("Cohort").select_option(index=1)
        page.get_by_role("button", name="Place on the waiting list").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Referral updated")
    referral.refresh_from_db()
    assert referral.status in (Referral.Status.WAITING, Referral.Status.SUITABLE)

    page.get_by_role("link", name="Interventions and needs").last.click()
    expect(page.get_by_test_id("referrals")).to_contain_text(shorter.offering.intervention.name)
    assert_accessible(page)
    page.get_by_role("button", name="Add a need").click()
    assert_accessible(page)
    page.get_by_label("Need area").select_option(label="Education, training and employment")
    page.get_by_role("button", name="Add the need").click()
    card = page.get_by_test_id("need-ete")
    card.get_by_role("link", name="Update").click()
    assert_accessible(page)
    page.get_by_label("What was done or decided").fill("Referred to the prison college.")
    page.get_by_role("button", name="Save the update").click()
    expect(page.get_by_test_id("need-ete")).to_contain_text("Referred to the prison college.")

    for link in ("Waiting lists", "Referrals at risk", "Completions", "Needs near release"):
        page.goto(f"{base}/interventions/lists/waiting/")
        page.get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    page.goto(f"{base}/interventions/lists/waiting/?offering={shorter.offering.pk}")
    expect(page.get_by_test_id("referral-table")).to_contain_text(prisoner.prison_number)
    assert_accessible(page)


def test_the_head_of_omu_keeps_the_directory(
    browser: Browser, live_server: object, demo: None
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    base = live_server.url
    sign_in(page, base, "spo")
    started = Referral.objects.filter(
        offering__prison__code="LEI", status=Referral.Status.STARTED
    ).first()
    page.goto(f"{base}/interventions/offerings/{started.offering_id}/")
    expect(page.get_by_test_id("cohorts")).to_be_visible()
    assert_accessible(page)
    for link, heading in (
        ("Add a cohort", "Add a cohort"),
        ("Pause, resume or change the contact", "Change"),
    ):
        page.get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        assert_accessible(page)
        page.go_back()
    page.goto(f"{base}/interventions/offerings/new/")
    assert_accessible(page)
    page.goto(f"{base}/interventions/catalogue/new/")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{base}/interventions/referrals/{started.pk}/attendance/")
    assert_accessible(page)
    page.goto(f"{base}/interventions/referrals/{started.pk}/not-complete/")
    assert_accessible(page)
    context.close()
