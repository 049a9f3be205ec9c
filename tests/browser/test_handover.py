"""Handover in a real browser: the COM works a case, the head of OMU sees it. Every handover
page the journey opens is checked with axe-core."""

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import Prisoner
from handover import selectors
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo", prisons=2, prisoners_per_prison=40, seed=1, force=True)


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("omu-demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("header-user")).to_be_visible()


def test_the_com_records_a_contact_and_ticks_an_item_and_the_head_of_omu_sees_it(
    page: Page, live_server: object, demo: None
) -> None:
    base = live_server.url
    today = timezone.localdate()
    case = next(
        a
        for a in selectors.assess_cases(
            Prisoner.objects.filter(allocation__com__username="com").order_by("prison_number"),
            today=today,
        )
        if a.state.value in ("in_progress", "handed_over")
    )
    item = next(i for i in case.items if i.owner == "com" and i.status == "to_do" and not
                i.definition.automatic)  # fmt: skip
    number = case.prisoner.prison_number
    contacts_before = case.com_contacts

    sign_in(page, base, "com")
    page.get_by_role("link", name="My handover cases").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Handovers")
    assert_accessible(page)
    page.get_by_test_id(f"row-{number}").get_by_role("link").click()
    expect(page.get_by_test_id("handover-timeline")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Record a contact or meeting").click()
    assert_accessible(page)
    page.get_by_label("COM contact with the prisoner").check()
    for box, part in zip(("0", "1", "2"), (today.day, today.month, today.year), strict=True):
        page.locator(f"#id_contact_date_{box}").fill(str(part))
    page.get_by_label("Video call").check()
    page.get_by_label("Notes (optional)").fill("Talked through the release address by video.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("recorded")
    expect(page.get_by_test_id("contact-count")).to_contain_text(f"{contacts_before + 1} ")

    page.get_by_test_id(f"item-{item.code}").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(item.label)
    assert_accessible(page)
    page.get_by_label("Done").check()
    page.get_by_label("Evidence note").fill("Checks returned: no concerns.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id(f"item-{item.code}")).to_contain_text("Done")
    screenshot(page, "com-handover-page")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "spo")
    page.get_by_role("link", name="Handovers", exact=True).first.click()
    assert_accessible(page)
    page.get_by_test_id("list-all").click()
    page.get_by_label("Name or prison number").fill(number)
    page.get_by_role("button", name="Apply").click()
    page.get_by_test_id(f"row-{number}").get_by_role("link").click()
    expect(page.get_by_test_id("contacts")).to_contain_text("Talked through the release address")
    expect(page.get_by_test_id(f"item-{item.code}")).to_contain_text("Done")
    expect(page.get_by_test_id(f"item-{item.code}")).to_contain_text("no concerns")
    expect(page.get_by_test_id("handover-history")).to_contain_text("Rhiannon Davies")
    assert_accessible(page)


def test_the_head_of_omus_other_handover_pages_are_accessible(
    page: Page, live_server: object, demo: None
) -> None:
    base = live_server.url
    number = (
        Prisoner.objects.filter(current_prison__code="LEI", sentences__is_current=True)
        .order_by("prison_number")
        .values_list("prison_number", flat=True)
        .first()
    )
    sign_in(page, base, "spo")
    for path in (
        "/handover/parole/",
        "/handover/?list=overdue_items",
        f"/handover/{number}/summary/",
        f"/handover/{number}/letter/",
        f"/handover/{number}/override/",
        f"/handover/{number}/parole-reviews/new/",
        f"/handover/{number}/notes/new/",
    ):
        page.goto(f"{base}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    # A form sent back with errors is accessible too.
    page.goto(f"{base}/handover/{number}/override/")
    page.get_by_label("Other").check()
    page.get_by_role("button", name="Make the COM responsible").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why")
    assert_accessible(page)
