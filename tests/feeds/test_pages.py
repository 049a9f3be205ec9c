"""The Data feeds page (head of OMU and case admins), the parked events' retry and discard,
/healthz/'s last sync per prison, and the nightly task spreading the prisons."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases import extensions
from cases.models import Prison, Prisoner, Role
from feeds import plugin, tasks
from feeds.events.parse import RECEIVED
from feeds.fake.documents import notification
from feeds.fake.server import FakeHmpps
from feeds.models import FeedRun, ParkedMessage, SeenMessage
from tests.feeds.conftest import doc, run_json, write_lines

pytestmark = pytest.mark.django_db


def _park(tmp_path: Any, number: str = "B2000BB") -> ParkedMessage:
    event = notification(RECEIVED, {"nomsNumber": number, "prisonId": "LEI"}, message_id="m-1")
    line, _ = run_json("consume_events", "--from-file", str(write_lines(tmp_path / "e", [event])))
    assert line["parked"] == 1
    return ParkedMessage.objects.get()


def test_the_page_is_for_the_head_of_omu_and_case_admins(
    client_for: Callable[[str], Client], leeds: Prison
) -> None:
    FeedRun.objects.create(
        kind=FeedRun.Kind.SYNC,
        prison=leeds,
        started_at=timezone.now(),
        status=FeedRun.Status.OK,
        counts={"rows": 12, "new": 2},
        errors=[{"row": 3, "column": "dateOfBirth", "message": "not a date"}],
        requests=5,
    )
    for role in (Role.HEAD_OF_OMU, Role.CASE_ADMIN):
        page = client_for(role).get(reverse("feeds"))
        assert page.status_code == 200
        html = page.content.decode()
        assert 'data-testid="feed-runs"' in html and "Rows 12, new 2" in html
        assert "not a date" in html and "No domain events are waiting." in html
    for role in (Role.PRISON_POM, Role.SENIOR_POM, Role.READ_ONLY, Role.COM):
        assert client_for(role).get(reverse("feeds")).status_code == 403
    home = client_for(Role.HEAD_OF_OMU).get(reverse("home")).content.decode()
    assert reverse("feeds") in home


def test_a_parked_event_can_be_retried_once_its_cause_is_fixed(
    fake: FakeHmpps, client_for: Callable[[str], Client], leeds: Prison, tmp_path: Any
) -> None:
    parked = _park(tmp_path)
    client = client_for(Role.CASE_ADMIN)
    html = client.get(reverse("feeds")).content.decode()
    assert 'data-testid="parked-messages"' in html and "does not know B2000BB" in html
    retry = reverse("feeds-parked-retry", args=[parked.pk])
    assert client_for(Role.PRISON_POM).post(retry).status_code == 403
    client.post(retry)
    parked.refresh_from_db()
    assert parked.status == ParkedMessage.Status.PARKED and parked.attempts == 2
    fake.state.put(doc("B2000BB"))  # NOMIS corrected
    response = client.post(retry, follow=True)
    assert "Applied" in response.content.decode()
    parked.refresh_from_db()
    assert parked.status == ParkedMessage.Status.APPLIED and parked.resolved_by is not None
    prisoner = Prisoner.objects.get(prison_number="B2000BB")
    assert prisoner.history.earliest().history_change_reason.startswith("domain event m-1")


def test_a_parked_event_can_be_discarded(
    fake: FakeHmpps, client_for: Callable[[str], Client], leeds: Prison, tmp_path: Any
) -> None:
    parked = _park(tmp_path)
    client = client_for(Role.HEAD_OF_OMU)
    client.post(reverse("feeds-parked-discard", args=[parked.pk]))
    parked.refresh_from_db()
    assert parked.status == ParkedMessage.Status.DISCARDED
    assert "No domain events are waiting." in client.get(reverse("feeds")).content.decode()
    # Discarded already: a second discard or a retry says so.
    response = client.post(reverse("feeds-parked-retry", args=[parked.pk]), follow=True)
    assert response.status_code == 404  # no longer among the parked


def test_parked_events_of_another_prison_are_not_shown(
    fake: FakeHmpps, client_for: Callable[[str], Client], moorland: Prison, tmp_path: Any
) -> None:
    parked = _park(tmp_path)
    parked.prison = moorland
    parked.save()
    client = client_for(Role.HEAD_OF_OMU)
    assert "No domain events are waiting." in client.get(reverse("feeds")).content.decode()
    assert client.post(reverse("feeds-parked-discard", args=[parked.pk])).status_code == 404


@pytest.fixture
def health_check() -> Iterator[None]:
    plugin.register_health_check()
    yield
    extensions.registry.health_checks.pop("feeds", None)


def test_healthz_shows_each_prisons_last_sync_and_staleness(
    health_check: None, leeds: Prison, moorland: Prison
) -> None:
    now = timezone.now()
    FeedRun.objects.create(
        kind=FeedRun.Kind.SYNC, prison=leeds, started_at=now, status=FeedRun.Status.OK
    )
    FeedRun.objects.create(
        kind=FeedRun.Kind.SYNC,
        prison=moorland,
        started_at=now - dt.timedelta(hours=27),
        status=FeedRun.Status.OK,
    )
    FeedRun.objects.create(
        kind=FeedRun.Kind.SYNC, prison=moorland, started_at=now, status=FeedRun.Status.FAILED
    )
    feeds = Client().get("/healthz/").json()["feeds"]
    assert feeds["last_sync"]["LEI"] == {"at": now.isoformat(), "stale": False}
    assert feeds["last_sync"]["MDI"]["stale"] is True
    assert feeds["stale"] == ["MDI"] and feeds["stale_after_hours"] == 26


def test_the_health_check_is_registered_only_with_prisoner_search(settings: Any) -> None:
    settings.PRISONER_SEARCH_URL = ""
    plugin.register()
    assert "feeds" not in extensions.health_checks()


def test_the_nightly_task_spreads_every_prison_over_the_window(
    settings: Any, leeds: Prison, moorland: Prison
) -> None:
    settings.PRISONER_SEARCH_URL = "http://127.0.0.1:9"
    settings.FEEDS_SYNC_WINDOW = 3600
    with mock.patch.object(tasks.sync_prison_nightly, "apply_async") as queued:
        assert tasks.sync_all_prisons() == 2
    assert [c.kwargs for c in queued.call_args_list] == [
        {"args": ["LEI"], "countdown": 0},
        {"args": ["MDI"], "countdown": 1800},
    ]
    settings.PRISONER_SEARCH_URL = ""
    assert tasks.sync_all_prisons() == 0


def test_the_nightly_task_forgets_message_ids_no_queue_can_deliver_again(settings: Any) -> None:
    settings.PRISONER_SEARCH_URL = ""
    now = timezone.now()
    old = now - dt.timedelta(days=tasks.SEEN_KEPT_DAYS + 1)
    SeenMessage.objects.create(message_id="old", seen_at=old)
    SeenMessage.objects.create(message_id="old-parked", seen_at=old, parked=True)
    SeenMessage.objects.create(message_id="new", seen_at=now)
    tasks.sync_all_prisons()
    assert set(SeenMessage.objects.values_list("message_id", flat=True)) == {"old-parked", "new"}


def test_the_nightly_task_of_one_prison_syncs_then_reads_probation(
    fake: FakeHmpps, leeds: Prison
) -> None:
    fake.state.put(doc("B2000BB"))
    line = tasks.sync_prison_nightly("LEI")
    assert line["new"] == 1 and line["applied"] is True
    kinds = list(FeedRun.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == [FeedRun.Kind.SYNC, FeedRun.Kind.PROBATION]
