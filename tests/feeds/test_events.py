"""`consume_events --from-file` against the fake Prisoner Search: each event applied from the
fresh document, repeats skipped, bursts coalesced, order harmless, what cannot be applied
parked with its error while the rest applies; each change audited as `domain event <id>`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cases.models import Allocation, MergedNumber, Movement, Prison, Prisoner
from feeds.events.parse import MERGED, RECEIVED, RELEASED, TIER, UPDATED
from feeds.fake.documents import notification
from feeds.fake.server import FakeHmpps
from feeds.models import ParkedMessage, SeenMessage
from tests.factories import AllocationFactory, PrisonerFactory, SentenceFactory, staff
from tests.feeds.conftest import at, doc, mirror, run_json, write_lines

pytestmark = pytest.mark.django_db


def _case(prison: Prison, number: str, **fields: Any) -> Prisoner:
    prisoner = PrisonerFactory(current_prison=prison, prison_number=number, **fields)
    SentenceFactory(prisoner=prisoner)
    return prisoner


def _event(kind: str, number: str, message_id: str, **info: Any) -> str:
    return notification(kind, {"nomsNumber": number, **info}, message_id=message_id)


def _consume(tmp_path: Path, lines: list[str], name: str = "events.jsonl") -> dict[str, Any]:
    line, code = run_json("consume_events", "--from-file", str(write_lines(tmp_path / name, lines)))
    assert code == 0
    return line


def test_a_new_admission_arrives_audited_with_its_event(
    fake: FakeHmpps, leeds: Prison, tmp_path: Path
) -> None:
    fake.state.put(doc("B2000BB"))
    event = _event(RECEIVED, "B2000BB", "m-1", prisonId="LEI", reason="NEW_ADMISSION")
    assert _consume(tmp_path, [event]) == {
        "received": 1,
        "applied": 1,
        "duplicates": 0,
        "parked": 0,
    }
    prisoner = Prisoner.objects.get(prison_number="B2000BB")
    assert prisoner.current_prison == leeds
    assert prisoner.history.earliest().history_change_reason.startswith("domain event m-1")
    assert Movement.objects.get(prisoner=prisoner).source == "domain event m-1"


def test_the_same_file_again_changes_nothing(
    fake: FakeHmpps, leeds: Prison, tmp_path: Path
) -> None:
    fake.state.put(doc("B2000BB"))
    lines = [
        _event(RECEIVED, "B2000BB", "m-1", prisonId="LEI", reason="NEW_ADMISSION"),
        _event(UPDATED, "B2000BB", "m-2", categoriesChanged=["SENTENCE"]),
        _event(UPDATED, "B2000BB", "m-2", categoriesChanged=["SENTENCE"]),  # delivered twice
    ]
    first = _consume(tmp_path, lines)
    assert first == {"received": 3, "applied": 2, "duplicates": 1, "parked": 0}
    histories = Prisoner.history.count()
    again = _consume(tmp_path, lines)
    assert again == {"received": 3, "applied": 0, "duplicates": 3, "parked": 0}
    assert Prisoner.history.count() == histories


def test_what_cannot_be_applied_is_parked_and_the_rest_applied(
    fake: FakeHmpps, leeds: Prison, tmp_path: Path
) -> None:
    fake.state.put(doc("B2000BB"))
    fake.state.put(doc("B2001BB", dateOfBirth="not a date"))
    lines = [
        "this is not JSON",
        _event(UPDATED, "Z9999ZZ", "m-404"),  # Prisoner Search does not know them
        _event(RECEIVED, "B2001BB", "m-bad", prisonId="LEI"),  # a malformed document
        _event(RECEIVED, "B2000BB", "m-ok", prisonId="LEI"),
    ]
    assert _consume(tmp_path, lines) == {"received": 4, "applied": 1, "duplicates": 0, "parked": 3}
    assert Prisoner.objects.filter(prison_number="B2000BB").exists()
    parked = {p.message_id: p for p in ParkedMessage.objects.all()}
    assert set(parked) == {"m-404", "m-bad", next(k for k in parked if k.startswith("sha256:"))}
    assert "does not know Z9999ZZ" in parked["m-404"].error
    assert "dateOfBirth" in parked["m-bad"].error
    assert parked["m-bad"].prison == leeds and parked["m-bad"].subject == "B2001BB"
    # A parked message delivered again is a duplicate, not parked twice.
    assert _consume(tmp_path, lines[1:2])["duplicates"] == 1


def test_a_burst_for_one_prisoner_is_read_and_applied_once(
    fake: FakeHmpps, leeds: Prison, tmp_path: Path
) -> None:
    prisoner = _case(leeds, "A1000AA")
    mirror(fake).update("A1000AA", conditionalReleaseDate="2027-12-01")
    lines = [_event(UPDATED, "A1000AA", f"m-{n}", categoriesChanged=["SENTENCE"]) for n in range(5)]
    assert _consume(tmp_path, lines)["applied"] == 5
    reads = [line for line in fake.state.log if "prisoner" in line and "auth" not in line]
    assert reads == ["POST /prisoner-search/prisoner-numbers"]
    sentence = prisoner.sentences.get(is_current=True)
    assert str(sentence.conditional_release_date) == "2027-12-01"
    latest = sentence.history.latest()
    assert latest.history_change_reason.startswith("domain event m-4")
    assert sentence.history.count() == 2  # created, then one change
    assert SeenMessage.objects.count() == 5


def test_events_out_of_order_end_where_the_record_is(
    fake: FakeHmpps, leeds: Prison, tmp_path: Path
) -> None:
    prisoner = _case(leeds, "A1000AA")
    mirror(fake).release("A1000AA")
    # The release is delivered before an older update: the update reads the fresh record
    # (released), so it cannot bring them back.
    lines = [
        notification(
            RELEASED,
            {"nomsNumber": "A1000AA", "prisonId": "LEI", "reason": "RELEASED"},
            message_id="m-2",
            occurred_at=at("2026-12-02T10:00:00"),
        ),
    ]
    older = notification(
        UPDATED,
        {"nomsNumber": "A1000AA", "categoriesChanged": ["LOCATION"]},
        message_id="m-1",
        occurred_at=at("2026-12-01T10:00:00"),
    )
    assert _consume(tmp_path, lines, "first.jsonl")["applied"] == 1
    assert _consume(tmp_path, [older], "second.jsonl")["applied"] == 1
    prisoner.refresh_from_db()
    assert prisoner.current_prison is None
    release = Movement.objects.get(prisoner=prisoner, kind=Movement.Kind.RELEASE)
    assert release.source == "domain event m-2"
    assert release.occurred_at == at("2026-12-02T10:00:00")


def test_a_release_ends_the_pom_allocation(fake: FakeHmpps, leeds: Prison, tmp_path: Path) -> None:
    prisoner = _case(leeds, "A1000AA")
    pom = staff("pom_feeds", "prison_pom", leeds)
    AllocationFactory(prisoner=prisoner, primary_pom=pom)
    mirror(fake).release("A1000AA")
    event = _event(RELEASED, "A1000AA", "m-1", prisonId="LEI", reason="RELEASED")
    assert _consume(tmp_path, [event])["applied"] == 1
    prisoner.refresh_from_db()
    assert prisoner.current_prison is None
    assert Allocation.objects.get(prisoner=prisoner).primary_pom is None


def test_a_transfer_between_two_of_our_prisons(
    fake: FakeHmpps, leeds: Prison, moorland: Prison, tmp_path: Path
) -> None:
    prisoner = _case(leeds, "A1000AA")
    mirror(fake).transfer("A1000AA", "MDI")
    lines = [
        _event(RELEASED, "A1000AA", "m-1", prisonId="LEI", reason="TRANSFERRED"),
        _event(RECEIVED, "A1000AA", "m-2", prisonId="MDI", reason="TRANSFERRED"),
    ]
    assert _consume(tmp_path, lines)["applied"] == 2
    prisoner.refresh_from_db()
    assert prisoner.current_prison == moorland
    transfer = Movement.objects.get(prisoner=prisoner, kind=Movement.Kind.TRANSFER)
    assert (transfer.from_prison, transfer.to_prison) == (leeds, moorland)
    assert transfer.source == "domain event m-2"


def test_a_merge(fake: FakeHmpps, leeds: Prison, tmp_path: Path) -> None:
    kept = _case(leeds, "A1000AA")
    removed = _case(leeds, "A1001AA")
    mirror(fake).merge(kept="A1000AA", removed="A1001AA")
    event = _event(MERGED, "A1000AA", "m-1", removedNomsNumber="A1001AA")
    assert _consume(tmp_path, [event])["applied"] == 1
    assert not Prisoner.objects.filter(pk=removed.pk).exists()
    assert MergedNumber.objects.get(number="A1001AA").prisoner == kept
    assert MergedNumber.objects.get(number="A1001AA").source == "domain event m-1"


def test_a_tier_calculation_updates_the_tier(
    fake: FakeHmpps, leeds: Prison, tmp_path: Path
) -> None:
    prisoner = _case(leeds, "A1000AA", crn="X123456", tier="C2")
    mirror(fake).tiers["X123456"] = "A1"
    event = notification(TIER, {}, message_id="m-1", crn="X123456")
    unknown = notification(TIER, {}, message_id="m-2", crn="X999999")  # not one of ours
    assert _consume(tmp_path, [event, unknown])["applied"] == 2
    prisoner.refresh_from_db()
    assert prisoner.tier == "A1"
    assert prisoner.history.latest().history_change_reason.startswith("domain event m-1")
