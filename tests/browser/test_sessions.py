"""POMs and keyworkers log their work in the browser."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from cases.models import Prisoner, Session
from tests.browser.conftest import assert_accessible
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo", prisons=2, prisoners_per_prison=40, seed=1, force=True)


def test_a_pom_logs_a_session_with_a_follow_up_and_sees_it_on_the_record(
    page: Page, live_server: object, demo: None
) -> None:
    prisoner = (
        Prisoner.objects.filter(allocation__primary_pom__username="pom")
        .order_by("prison_number")
        .first()
    )
    sign_in(page, live_server.url, "pom")
    page.goto(f"{live_server.url}/prisoners/{prisoner.prison_number}/")
    expect(page.get_by_test_id("contact-compliance")).to_be_visible()
    assert_accessible(page)
    # Interactions: open the form, summary, follow-up, its due date, save: five in all.
    page.get_by_role("button", name="Log a session").click()
    assert_accessible(page)
    page.get_by_label("Summary").fill("Reviewed progress on the sentence plan.")
    page.get_by_label("Follow-up action").fill("Ask the chaplaincy about a visit")
    for box, part in (("0", "31"), ("1", "1"), ("2", "2099")):
        page.locator(f"#id_follow_up_due_{box}").fill(part)
    page.get_by_role("button", name="Save session").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Session saved")
    expect(page.get_by_test_id("case-timeline")).to_contain_text(
        "Reviewed progress on the sentence plan."
    )
    assert_accessible(page)
    session = Session.objects.get(summary="Reviewed progress on the sentence plan.")
    assert session.follow_ups.get().description == "Ask the chaplaincy about a visit"


def test_a_keyworker_logs_three_sessions_in_a_row(
    page: Page, live_server: object, demo: None
) -> None:
    sign_in(page, live_server.url, "keyworker")
    page.get_by_role("link", name="My keywork").first.click()
    assert_accessible(page)
    table = page.get_by_test_id("keywork-table")
    rows = table.locator("tbody tr")
    assert rows.count() >= 3
    before = Session.objects.filter(kind="keywork").count()
    for index in range(3):
        row = rows.nth(index)
        row.locator("select").first.select_option("yes")
        row.locator("input[type=text]").fill(f"Wing check-in {index}")
    page.get_by_role("button", name="Save sessions").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("3 keywork sessions saved")
    assert Session.objects.filter(kind="keywork").count() == before + 3
    assert_accessible(page)
