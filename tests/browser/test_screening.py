"""Screening in a real browser: a POM completes a new arrival's BCS; every new page is checked
with axe-core."""

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import Allocation, Prisoner
from screening import rules, services
from screening.models import Task
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


def new_arrival_held_by(username: str) -> Prisoner:
    """A LEI prisoner whose BCS is not yet due, given to `username` as POM."""
    task = (
        Task.objects.filter(
            prison__code="LEI", kind=rules.BCS, status="open", due_at__gt=timezone.now()
        )
        .select_related("prisoner")
        .order_by("prisoner__prison_number")
        .first()
    )
    assert task is not None, "the demo has someone who arrived in the last day"
    from django.contrib.auth import get_user_model

    pom = get_user_model().objects.get(username=username)
    Allocation.objects.update_or_create(
        prisoner=task.prisoner, defaults={"primary_pom": pom, "pom_allocated_at": timezone.now()}
    )
    services.tasks_sync([task.prisoner_id])
    return task.prisoner


def test_a_pom_completes_a_new_arrivals_bcs_and_the_task_leaves_my_tasks(
    page: Page, live_server: object, demo: None
) -> None:
    prisoner = new_arrival_held_by("pom")
    row = f"task-bcs-{prisoner.prison_number}"
    sign_in(page, live_server.url, "pom")
    page.get_by_test_id("nav-my-tasks").click()
    expect(page.get_by_role("heading", name="My tasks", level=1)).to_be_visible()
    expect(page.get_by_test_id(row)).to_be_visible()
    assert_accessible(page)

    page.get_by_test_id(row).get_by_role("link", name="Basic Custody Screening").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Basic Custody Screening")
    assert_accessible(page)
    page.get_by_role("button", name="Complete the screening").click()

    expect(page.get_by_test_id("bcs-due")).to_contain_text("72 hours after arrival")
    assert_accessible(page)
    # Completing with an answer missing shows what is wrong, and saves nothing.
    page.get_by_role("button", name="Complete screening").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select whether there is a need for accommodation"
    )
    assert_accessible(page)
    for area, label in rules_labels():
        answer = "Yes" if area == "accommodation" else "No"
        page.get_by_role("group", name=f"Is there a need for {label}?").get_by_label(
            answer, exact=True
        ).check()
    page.get_by_label("Accommodation: notes").fill("No fixed abode before custody.")
    page.get_by_label("Ask for a referral for accommodation").check()
    screenshot(page, "pom-bcs-form")
    for risk in ("self-harm", "cell sharing"):
        page.get_by_role("group", name=f"Is there an immediate {risk} risk?").get_by_label(
            "No", exact=True
        ).check()
    page.get_by_role("button", name="Complete screening").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Basic Custody Screening completed on time."
    )
    expect(page.get_by_test_id("bcs-summary")).to_contain_text("No fixed abode before custody.")
    assert_accessible(page)
    screenshot(page, "pom-bcs-completed")

    page.get_by_test_id("nav-my-tasks").click()
    expect(page.get_by_test_id(row)).to_have_count(0)
    assert_accessible(page)
    assert prisoner.resettlement_needs.get().area == "accommodation"


def rules_labels() -> list[tuple[str, str]]:
    from screening.models import BcsArea

    return [(area, label.split(" (")[0].lower()) for area, label in BcsArea.Area.choices]


def test_the_head_of_omu_works_through_the_omu_pages(
    page: Page, live_server: object, demo: None
) -> None:
    base = live_server.url
    call_command("sweep_overdue", "--prison", "LEI")
    sign_in(page, base, "spo")
    page.get_by_test_id("nav-omu-tasks").click()
    expect(page.get_by_test_id("tasks-by-kind")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Due").select_option("overdue")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_test_id("task-table")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="See the nightly sweep's runs").click()
    expect(page.get_by_test_id("sweep-runs")).to_be_visible()
    assert_accessible(page)

    prisoner = (
        Prisoner.objects.filter(current_prison__code="LEI", tasks__kind="recategorisation")
        .order_by("prison_number")
        .first()
    )
    number = prisoner.prison_number
    for path, testid in (
        (f"/screening/prisoners/{number}/tasks/", "task-table"),
        (f"/screening/prisoners/{number}/categorisation/", "categorisations"),
        (f"/screening/prisoners/{number}/oasys/", "task-table"),
    ):
        page.goto(f"{base}{path}")
        expect(page.get_by_test_id(testid).first).to_be_visible()
        assert_accessible(page)
    task = Task.objects.filter(prisoner=prisoner, status="open").first()
    page.goto(f"{base}/screening/tasks/{task.pk}/")
    expect(page.get_by_test_id("task-summary")).to_be_visible()
    assert_accessible(page)
