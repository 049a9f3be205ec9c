"""The probation record and tier: read on arrival and nightly for cases with a CRN or needing
one; no record yet is missing information, not an error; a COM from probation is recorded on
the allocation record with its source."""

from __future__ import annotations

from typing import Any

import pytest

from allocation.models import AllocationEvent
from cases.models import Allocation, Prison, Prisoner
from feeds import clients, sync
from feeds.fake.documents import probation_document
from feeds.fake.server import FakeHmpps
from feeds.models import FeedRun
from tests.factories import PrisonerFactory, SentenceFactory
from tests.feeds.conftest import doc, run_json

pytestmark = pytest.mark.django_db


def _record(number: str, crn: str, **fields: Any) -> dict[str, Any]:
    values = {
        "prison_number": number,
        "crn": crn,
        "tier": "B2",
        "mappa_level": 2,
        "rosh": Prisoner.Rosh.HIGH,
    }
    com = {
        "com_name": "Ruth Okafor",
        "com_email": "ruth.okafor@justice.example",
        "com_team": "Leeds North",
        "com_pdu": "Leeds",
    }
    return {**probation_document(values, com), **fields}


def test_an_arrival_gets_its_probation_record_tier_and_com(fake: FakeHmpps, leeds: Prison) -> None:
    fake.state.put(doc("B2000BB"))
    fake.state.put(doc("B2001BB"))
    fake.state.probation["B2000BB"] = _record("B2000BB", "X123456")
    fake.state.tiers["X123456"] = "A3"  # Tiering's tier wins over the record's
    line, code = run_json("sync_prison", "LEI")
    assert code == 0, line
    arrived = Prisoner.objects.get(prison_number="B2000BB")
    assert (arrived.crn, arrived.tier, arrived.rosh, arrived.mappa_level) == (
        "X123456",
        "A3",
        Prisoner.Rosh.HIGH,
        2,
    )
    run = FeedRun.objects.get()
    assert arrived.history.latest().history_change_reason.startswith(run.label)
    holders = Allocation.objects.get(prisoner=arrived)
    assert (holders.com_name, holders.com_team, holders.com_pdu) == (
        "Ruth Okafor",
        "Leeds North",
        "Leeds",
    )
    event = AllocationEvent.objects.get(prisoner=arrived)
    assert event.reason.startswith(run.label)
    # No probation record yet: missing information (no tier, no RoSH), not an error.
    waiting = Prisoner.objects.get(prison_number="B2001BB")
    assert (waiting.crn, waiting.tier, waiting.rosh) == ("", "", "")
    assert line["errors"] == []
    assert run.counts["no_probation_record"] == 1


def test_the_nightly_refresh_reads_cases_with_a_crn_or_needing_one(
    fake: FakeHmpps, leeds: Prison
) -> None:
    with_crn = PrisonerFactory(current_prison=leeds, prison_number="A1000AA", crn="X111111")
    SentenceFactory(prisoner=with_crn)
    needing = PrisonerFactory(current_prison=leeds, prison_number="A1001AA", tier="", rosh="")
    remand = PrisonerFactory(
        current_prison=leeds, prison_number="A1002AA", legal_status=Prisoner.LegalStatus.REMAND
    )
    fake.state.probation["A1000AA"] = _record("A1000AA", "X111111", tier="D1")
    fake.state.probation["A1001AA"] = _record("A1001AA", "X222222")
    with clients.connect() as feeds:
        run = sync.probation_nightly(leeds, feeds)
    with_crn.refresh_from_db()
    needing.refresh_from_db()
    assert with_crn.tier == "D1" and needing.crn == "X222222"
    assert run.counts["probation_read"] == 2 and run.errors == []
    assert f"GET /case-records/{remand.prison_number}" not in fake.state.log
    assert with_crn.history.latest().history_change_reason.startswith(f"probation refresh {run.pk}")
    # The same again changes nothing: the same COM is not recorded twice.
    with clients.connect() as feeds:
        again = sync.probation_nightly(leeds, feeds)
    assert again.counts["probation_updated"] == 0 and again.counts["coms_recorded"] == 0


def test_a_com_change_from_probation_is_recorded(fake: FakeHmpps, leeds: Prison) -> None:
    case = PrisonerFactory(current_prison=leeds, prison_number="A1000AA", crn="X111111")
    SentenceFactory(prisoner=case)
    fake.state.probation["A1000AA"] = _record("A1000AA", "X111111")
    with clients.connect() as feeds:
        sync.probation_nightly(leeds, feeds)
    fake.state.probation["A1000AA"]["manager"]["name"] = {"forename": "Sam", "surname": "Lee"}
    with clients.connect() as feeds:
        run = sync.probation_nightly(leeds, feeds)
    assert Allocation.objects.get(prisoner=case).com_name == "Sam Lee"
    assert run.counts["coms_recorded"] == 1
    latest = AllocationEvent.objects.filter(prisoner=case).order_by("-pk").first()
    assert latest is not None and latest.reason.startswith(f"probation refresh {run.pk}")


def test_a_malformed_probation_record_is_an_error_of_that_case_only(
    fake: FakeHmpps, leeds: Prison
) -> None:
    for number, crn in (("A1000AA", "X111111"), ("A1001AA", "X222222")):
        SentenceFactory(
            prisoner=PrisonerFactory(current_prison=leeds, prison_number=number, crn=crn)
        )
    fake.state.probation["A1000AA"] = _record("A1000AA", "X111111", tier="Z9")
    fake.state.probation["A1001AA"] = _record("A1001AA", "X222222", tier="A0")
    with clients.connect() as feeds:
        run = sync.probation_nightly(leeds, feeds)
    assert len(run.errors) == 1 and "Z9" in run.errors[0]["message"]
    assert Prisoner.objects.get(prison_number="A1001AA").tier == "A0"
