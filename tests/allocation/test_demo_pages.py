"""Every allocation page renders on the demo data, for the head of OMU and a POM."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cases.models import Prisoner


@pytest.fixture
def demo(db: None) -> None:
    call_command("seed_demo", prisons=2, prisoners_per_prison=40, seed=1, force=True)


def login(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_every_allocation_page_renders_on_the_demo_data(demo: None) -> None:
    spo = login("spo")
    queue = spo.get(reverse("allocation-queue"))
    assert queue.status_code == 200
    waiting = queue.context["queue"].rows
    assert waiting, "the demo leaves cases in the allocation queue"
    number = waiting[0].prison_number
    allocated = Prisoner.objects.filter(
        current_prison__code="LEI", allocation__primary_pom__username="pom"
    ).first()
    top = spo.get(reverse("allocation-allocate", args=[number])).context["ctx"].top
    pages = [
        reverse("allocation-missing"),
        reverse("allocation-reallocation"),
        reverse("allocation-com-needed"),
        reverse("allocation-keyworkers"),
        reverse("allocation-staff"),
        reverse("allocation-caseload", args=["pom"]),
        reverse("allocation-staff-edit", args=["pom"]),
        reverse("allocation-bulk-move", args=["pom"]),
        reverse("allocation-allocate", args=[number]),
        reverse("allocation-confirm", args=[number, "pom", top.candidate.username]),
        reverse("allocation-compare", args=[number]) + "?pom=pom&pom=ppom",
        reverse("allocation-missing-form", args=[number]),
        reverse("allocation-com", args=[number]),
        reverse("allocation-keyworker", args=[number]),
        reverse("allocation-history", args=[number]),
        reverse("allocation-coworking", args=[allocated.prison_number]),
        reverse("allocation-remove", args=[allocated.prison_number, "pom"]),
        reverse("prisoner-detail", args=[allocated.prison_number]),
    ]
    for url in pages:
        response = spo.get(url)
        assert response.status_code == 200, (url, response.status_code)
    assert login("pom").get(reverse("allocation-my-caseload")).status_code == 200
