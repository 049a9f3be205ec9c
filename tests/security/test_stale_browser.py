"""In Chromium: a head of OMU saves the policy form after someone else changed the policy, and
gets the "Someone changed this while you were editing" page, accessible and within the
Content-Security-Policy, with nothing of theirs saved."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import Page, expect

from cases import services
from cases.models import Prison, PrisonPolicy
from tests.browser.conftest import assert_accessible
from tests.browser.test_journeys import sign_in
from tests.security.browser import in_browser, violations

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo", prisons=2, prisoners_per_prison=10, seed=1, force=True)


def test_a_stale_policy_form_shows_what_changed(live_server: object, demo: None) -> None:
    base = live_server.url  # type: ignore[attr-defined]

    def edit_while_someone_else_does(page: Page) -> list[str]:
        sign_in(page, base, "spo")
        page.goto(f"{base}/prisons/LEI/policy/")
        leeds = Prison.objects.get(code="LEI")
        policy = PrisonPolicy.objects.get(prison=leeds)
        services.prison_policy_update(  # saved first, from another tab
            prison=leeds,
            acting_user=get_user_model().objects.get(username="spo"),  # in another tab
            changes={"handover_months": policy.handover_months + 1},
            reason="Earlier handovers",
            expected_version=policy.version,
        )
        page.fill("#id_pom_capacity", "40")
        page.fill("#id_reason", "More staff")
        page.get_by_role("button", name="Save policy").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Someone changed this while you were editing"
        )
        expect(page.get_by_role("table")).to_contain_text("Saved now")
        assert_accessible(page)
        return violations(page)

    assert in_browser(edit_while_someone_else_does) == []
    policy = PrisonPolicy.objects.get(prison__code="LEI")
    assert policy.pom_capacity != 40 and policy.version == 1
