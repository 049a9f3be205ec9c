"""`sync_prison` against the fake Prisoner Search over real HTTP: paging to the end, the
token expiring mid-sync, a 503 then success, a timeout, leavers released, transferred or
merged (never silently removed), a 404 prisoner and a malformed record."""

from __future__ import annotations

from typing import Any

import pytest

from cases.models import MergedNumber, Movement, Prison, Prisoner
from feeds.fake.server import FakeHmpps
from feeds.models import FeedRun
from tests.factories import PrisonerFactory, SentenceFactory
from tests.feeds.conftest import doc, mirror, run_json

pytestmark = pytest.mark.django_db


def _case(prison: Prison, number: str, **fields: Any) -> Prisoner:
    prisoner = PrisonerFactory(current_prison=prison, prison_number=number, **fields)
    SentenceFactory(prisoner=prisoner)
    return prisoner


def _roll_requests(fake: FakeHmpps, code: str = "LEI") -> list[str]:
    return [line for line in fake.state.log if line == f"GET /prisoner-search/prison/{code}"]


def test_it_reads_every_page_and_applies_the_roll(fake: FakeHmpps, leeds: Prison) -> None:
    kept = _case(leeds, "A1000AA")
    changed = _case(leeds, "A1001AA")
    state = mirror(fake)
    state.update("A1001AA", conditionalReleaseDate="2028-03-01")
    for n in range(5):
        state.put(doc(f"B200{n}BB"))
    line, code = run_json("sync_prison", "LEI")
    assert code == 0, line
    run = FeedRun.objects.get()
    assert {k: line[k] for k in ("prison", "rows", "new", "changed", "unchanged", "leaving")} == {
        "prison": "LEI",
        "rows": 7,
        "new": 5,
        "changed": 1,
        "unchanged": 1,
        "leaving": 0,
    }
    assert line["errors"] == [] and line["applied"] is True
    assert len(_roll_requests(fake)) == 3  # pages 0, 1 and 2 of three prisoners
    assert line["requests"] == run.requests and run.requests >= 4  # a token, three pages...
    assert run.status == FeedRun.Status.OK and run.counts["new"] == 5
    label = f"prisoner search sync {run.pk}"
    assert run.label == label
    new = Prisoner.objects.get(prison_number="B2000BB")
    assert new.current_prison == leeds
    assert new.history.earliest().history_change_reason.startswith(label)
    assert Movement.objects.get(prisoner=new).source == label
    sentence = changed.sentences.get(is_current=True)
    assert str(sentence.conditional_release_date) == "2028-03-01"
    assert sentence.history.latest().history_change_reason.startswith(label)
    assert kept.history.count() == 1  # unchanged: not touched

    again, code = run_json("sync_prison", "LEI")
    assert code == 0 and (again["new"], again["changed"], again["unchanged"]) == (0, 0, 7)


def test_a_dry_run_reads_and_writes_nothing(fake: FakeHmpps, leeds: Prison) -> None:
    fake.state.put(doc("B2000BB"))
    line, code = run_json("sync_prison", "LEI", "--dry-run")
    assert code == 0 and line["new"] == 1 and line["applied"] is False
    assert not Prisoner.objects.exists() and not FeedRun.objects.exists()


def test_without_prisoner_search_it_says_so(settings: Any, leeds: Prison, capsys: Any) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    settings.PRISONER_SEARCH_URL = ""
    with pytest.raises(CommandError, match="PRISONER_SEARCH_URL is not set") as raised:
        call_command("sync_prison", "LEI")
    assert raised.value.returncode == 1


def test_a_token_expiring_mid_sync_is_renewed_once(fake: FakeHmpps, leeds: Prison) -> None:
    for n in range(7):
        fake.state.put(doc(f"B200{n}BB"))
    fake.state.fail("/prisoner-search/prison/LEI", status=401, skip=1, expire_tokens=True)
    line, code = run_json("sync_prison", "LEI")
    assert code == 0 and line["new"] == 7
    assert fake.state.log.count("POST /auth/oauth/token") == 2
    assert len(_roll_requests(fake)) == 4  # page 1 twice


def test_a_token_refused_twice_is_a_configuration_error(fake: FakeHmpps, leeds: Prison) -> None:
    fake.state.fail("/prisoner-search/prison/LEI", status=401, times=5)
    line, code = run_json("sync_prison", "LEI")
    assert code == 1 and line["applied"] is False
    assert "Prisoner Search" in line["errors"][0]["message"]
    assert "401" in line["errors"][0]["message"]
    assert fake.state.log.count("POST /auth/oauth/token") == 2  # renewed once, no loop


def test_a_503_then_success(fake: FakeHmpps, leeds: Prison) -> None:
    fake.state.put(doc("B2000BB"))
    fake.state.fail("/prisoner-search/prison/LEI", status=503)
    line, code = run_json("sync_prison", "LEI")
    assert code == 0 and line["new"] == 1
    assert len(_roll_requests(fake)) == 2


def test_a_400_is_not_retried(fake: FakeHmpps, leeds: Prison) -> None:
    fake.state.fail("/prisoner-search/prison/LEI", status=400)
    line, code = run_json("sync_prison", "LEI")
    assert code == 1 and "400" in line["errors"][0]["message"]
    assert len(_roll_requests(fake)) == 1


def test_a_timeout_is_retried_then_reported_naming_the_service(
    fake: FakeHmpps, leeds: Prison, settings: Any
) -> None:
    settings.FEEDS_READ_TIMEOUT = 0.2
    settings.FEEDS_ATTEMPTS = 3
    fake.state.put(doc("B2000BB"))
    fake.state.fail("/prisoner-search/prison/LEI", delay=0.5, times=1)
    line, code = run_json("sync_prison", "LEI")
    assert code == 0 and line["new"] == 1  # the second try answered

    fake.state.fail("/prisoner-search/prison/LEI", delay=0.5, times=3)
    line, code = run_json("sync_prison", "LEI")
    assert code == 1 and line["applied"] is False
    message = line["errors"][0]["message"]
    assert message.startswith("Prisoner Search:") and "timed out 3 times" in message
    failed = FeedRun.objects.filter(status=FeedRun.Status.FAILED).get()
    assert failed.failure == message


def test_a_leaver_released_by_nomis_is_released(fake: FakeHmpps, leeds: Prison) -> None:
    leaving = _case(leeds, "A1000AA")
    state = mirror(fake)
    state.release("A1000AA")
    line, code = run_json("sync_prison", "LEI")
    assert code == 0 and line["leaving"] == 1
    leaving.refresh_from_db()
    assert leaving.current_prison is None
    run = FeedRun.objects.get()
    assert run.counts["leavers_released"] == 1
    release = Movement.objects.get(prisoner=leaving, kind=Movement.Kind.RELEASE)
    assert release.source == f"prisoner search sync {run.pk}"


def test_a_transfer_between_two_of_our_prisons(
    fake: FakeHmpps, leeds: Prison, moorland: Prison
) -> None:
    moving = _case(leeds, "A1000AA")
    incoming = _case(moorland, "A1001AA")
    state = mirror(fake)
    state.transfer("A1000AA", "MDI")
    state.transfer("A1001AA", "LEI")
    line, code = run_json("sync_prison", "LEI")
    assert code == 0, line
    assert (line["new"], line["leaving"]) == (1, 1)
    moving.refresh_from_db()
    incoming.refresh_from_db()
    assert moving.current_prison == moorland and incoming.current_prison == leeds
    kinds = Movement.objects.filter(kind=Movement.Kind.TRANSFER).values_list(
        "prisoner__prison_number", "from_prison__code", "to_prison__code"
    )
    assert set(kinds) == {("A1000AA", "LEI", "MDI"), ("A1001AA", "MDI", "LEI")}
    assert FeedRun.objects.get().counts["leavers_transferred"] == 1


def test_a_merged_leaver_is_merged_into_the_kept_number(fake: FakeHmpps, leeds: Prison) -> None:
    kept = _case(leeds, "A1000AA")
    removed = _case(leeds, "A1001AA")
    state = mirror(fake)
    state.merge(kept="A1000AA", removed="A1001AA")
    line, code = run_json("sync_prison", "LEI")
    assert code == 0, line
    assert not Prisoner.objects.filter(pk=removed.pk).exists()
    merged = MergedNumber.objects.get(number="A1001AA")
    assert merged.prisoner == kept
    assert merged.source == f"prisoner search sync {FeedRun.objects.get().pk}"


def test_a_leaver_prisoner_search_does_not_know_stays_and_is_reported(
    fake: FakeHmpps, leeds: Prison
) -> None:
    lost = _case(leeds, "A1000AA")
    mirror(fake).prisoners.pop("A1000AA")
    fake.state._rolls.clear()
    line, code = run_json("sync_prison", "LEI")
    assert code == 1 and line["applied"] is True
    assert "A1000AA" in line["errors"][0]["message"]
    assert "does not know" in line["errors"][0]["message"]
    lost.refresh_from_db()
    assert lost.current_prison == leeds  # never silently removed


def test_a_malformed_record_is_reported_and_the_rest_applied(
    fake: FakeHmpps, leeds: Prison
) -> None:
    fake.state.put(doc("B2000BB", dateOfBirth="12/04/1990"))
    fake.state.put(doc("B2001BB", legalStatus="DEAD"))
    fake.state.put(doc("B2002BB"))
    line, code = run_json("sync_prison", "LEI")
    assert code == 1 and line["applied"] is True and line["new"] == 1
    assert [(e["row"], e["column"]) for e in line["errors"]] == [
        (1, "dateOfBirth"),
        (2, "legalStatus"),
    ]
    assert list(Prisoner.objects.values_list("prison_number", flat=True)) == ["B2002BB"]
