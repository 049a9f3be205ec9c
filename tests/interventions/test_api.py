"""The REST API: the directory, referrals and their moves, needs; same services as the pages."""

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from cases.models import Prisoner, Role
from interventions.models import Referral, ResettlementNeed


def post(client: Client, url: str, data: dict) -> object:
    return client.post(url, data, content_type="application/json")


def test_the_directory_filters_by_prison_kind_and_need_area_with_places_left(
    client_for: Callable[[str], Client], directory: dict
) -> None:
    client = client_for(Role.PRISON_POM)
    everything = client.get(reverse("api-intervention-list")).json()
    assert everything["count"] == 5
    leeds = client.get(reverse("api-intervention-list"), {"prison": "LEI"}).json()["results"]
    assert [r["name"] for r in leeds] == [
        "Alcohol awareness workbook",
        "Managing emotions",
        "Resolve",
    ]
    resolve = leeds[2]
    assert resolve["cohorts"][0] == {
        "id": resolve["cohorts"][0]["id"],
        "start_date": "2026-12-07",
        "capacity": 8,
        "places_left": 8,
    }
    assert resolve["next_start"]["start_date"] == "2026-12-07"
    assert resolve["rosh_levels"] == ["medium", "high"]
    courses = client.get(reverse("api-intervention-list"), {"kind": "short_course"}).json()
    assert {r["prison"] for r in courses["results"]} == {"LEI", "MDI"}
    alcohol = client.get(reverse("api-intervention-list"), {"need_area": "alcohol"}).json()
    assert [r["name"] for r in alcohol["results"]] == ["Alcohol awareness workbook"]
    bad = client.get(reverse("api-intervention-list"), {"need_area": "nonsense"})
    assert bad.status_code == 400


def test_a_referral_that_cannot_finish_is_refused_with_its_checks(
    client_for: Callable[[str], Client], directory: dict, case: Prisoner
) -> None:
    client = client_for(Role.PRISON_POM)
    data = {"prisoner": case.prison_number, "offering": directory["resolve"].pk}
    refused = post(client, reverse("api-referral-list"), data)
    assert refused.status_code == 400
    body = refused.json()
    fit = next(c for c in body["checks"]["checks"] if c["key"] == "fit")
    assert fit["ok"] is False and "5 April 2027" in fit["explanation"]
    assert body["checks"]["overridable"] is True
    forbidden = post(client, reverse("api-referral-list"), {**data, "override_reason": "Board"})
    assert forbidden.status_code == 403
    assert not Referral.objects.exists()
    head = client_for(Role.HEAD_OF_OMU)
    created = post(head, reverse("api-referral-list"), {**data, "override_reason": "Board"})
    assert created.status_code == 201 and created.json()["override_reason"] == "Board"


def test_a_referral_moves_through_its_lifecycle_and_guards_illegal_moves(
    client_for: Callable[[str], Client], directory: dict, case: Prisoner
) -> None:
    client = client_for(Role.PROBATION_POM)
    data = {"prisoner": case.prison_number, "offering": directory["emotions"].pk}
    created = post(client, reverse("api-referral-list"), data)
    assert created.status_code == 201
    pk = created.json()["id"]
    again = post(client, reverse("api-referral-list"), data)
    assert again.status_code == 201 and again.json()["id"] == pk  # double submission
    cohort = directory["emotions"].cohorts.get()

    def act(name: str, body: dict) -> object:
        if name != "attendance":  # a move says which version of the referral it was made from
            seen = client.get(reverse("api-referral-detail", args=[pk])).json()["version"]
            body = {**body, "version": seen}
        return post(client, reverse(f"api-referral-{name}", args=[pk]), body)

    assert act("start", {"started_on": "2026-11-23"}).status_code == 409
    assert act("assess", {"suitable": True}).json()["status"] == "assessed_suitable"
    placed = act("place", {"cohort": cohort.pk}).json()
    assert placed["status"] == "waiting" and placed["cohort_start_date"] == "2026-11-30"
    assert act("start", {"started_on": "2026-11-23"}).json()["status"] == "started"
    attendance = act("attendance", {"session_number": 1, "session_date": "2026-11-23",
                                    "status": "attended"})  # fmt: skip
    assert attendance.status_code == 200
    assert act("withdraw", {"reason": "x"}).status_code == 409
    done = act("complete", {"ended_on": "2026-11-23", "outcome": "All sessions."})
    assert done.json()["status"] == "completed" and done.json()["checks"] is None
    assert act("complete", {"ended_on": "2026-11-23", "outcome": "Again"}).status_code == 200
    assert Referral.objects.get().outcome == "All sessions."


def test_a_withdrawn_referral_cannot_complete(
    client_for: Callable[[str], Client], directory: dict, case: Prisoner
) -> None:
    client = client_for(Role.PRISON_POM)
    data = {"prisoner": case.prison_number, "offering": directory["workbook"].pk}
    pk = post(client, reverse("api-referral-list"), data).json()["id"]
    withdraw = {"reason": "Moved", "version": 0}
    assert post(client, reverse("api-referral-withdraw", args=[pk]), withdraw).status_code == 200
    refused = post(
        client,
        reverse("api-referral-complete", args=[pk]),
        {"ended_on": "2026-11-23", "outcome": "x", "version": 1},
    )
    assert refused.status_code == 409 and "withdrawn" in refused.json()["detail"]


def test_a_move_made_from_a_stale_referral_is_a_conflict_and_changes_nothing(
    client_for: Callable[[str], Client], directory: dict, case: Prisoner
) -> None:
    """Two people open one referral: A records it suitable, B (who saw it as referred)
    withdraws it. B's move is refused with what changed; a move without a version is a 400."""
    client = client_for(Role.PRISON_POM)
    data = {"prisoner": case.prison_number, "offering": directory["emotions"].pk}
    created = post(client, reverse("api-referral-list"), data).json()
    pk, seen = created["id"], created["version"]
    assessed = post(
        client, reverse("api-referral-assess", args=[pk]), {"suitable": True, "version": seen}
    )
    assert assessed.status_code == 200 and assessed.json()["version"] == seen + 1
    again = post(  # A's double submission: the move already made, not a conflict
        client, reverse("api-referral-assess", args=[pk]), {"suitable": True, "version": seen}
    )
    assert again.status_code == 200 and again.json()["version"] == seen + 1
    stale = post(
        client, reverse("api-referral-withdraw", args=[pk]), {"reason": "Moved", "version": seen}
    )
    assert stale.status_code == 409
    assert stale.json()["changes"] == [
        {"field": "status", "theirs": "Assessed: suitable", "yours": "Withdrawn"}
    ]
    unversioned = post(client, reverse("api-referral-withdraw", args=[pk]), {"reason": "Moved"})
    assert unversioned.status_code == 400 and "version" in unversioned.json()
    referral = Referral.objects.get(pk=pk)
    assert (referral.status, referral.version) == ("assessed_suitable", seen + 1)


def test_the_referral_lists_at_risk_and_waiting(
    client_for: Callable[[str], Client], directory: dict, case: Prisoner
) -> None:
    head = client_for(Role.HEAD_OF_OMU)
    data = {"prisoner": case.prison_number, "offering": directory["resolve"].pk,
            "override_reason": "Board"}  # fmt: skip
    post(head, reverse("api-referral-list"), data)
    at_risk = head.get(reverse("api-referral-list"), {"list": "at_risk", "prison": "LEI"}).json()
    assert at_risk["count"] == 1 and at_risk["results"][0]["checks"]["blocked"] is True
    waiting = head.get(
        reverse("api-referral-list"), {"list": "waiting", "offering": directory["resolve"].pk}
    ).json()
    assert [r["prisoner"] for r in waiting["results"]] == [case.prison_number]
    keyworker = client_for(Role.KEYWORKER)
    assert (
        keyworker.get(
            reverse("api-referral-list"), {"list": "at_risk", "prison": "LEI"}
        ).status_code
        == 403
    )  # noqa: E501


def test_needs_are_added_and_updated_through_the_api(
    client_for: Callable[[str], Client], personas: dict, case: Prisoner
) -> None:
    client = client_for(Role.PRISON_POM)
    created = post(
        client,
        reverse("api-need-list"),
        {"prisoner": case.prison_number, "area": "finance_benefit_debt", "owner": "prison"},
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    update = post(
        client,
        reverse("api-need-update", args=[pk]),
        {"on": "2026-11-23", "status": "action_in_progress", "owner": "third_sector",
         "note": "Catch22 opening a bank account.", "version": 0},
    )  # fmt: skip
    assert update.status_code == 201
    need = ResettlementNeed.objects.get()
    assert (need.status, need.owner) == ("action_in_progress", "third_sector")
    listed = client.get(reverse("api-need-list"), {"prisoner": case.prison_number}).json()
    assert listed["results"][0]["updates"][0]["note"] == "Catch22 opening a bank account."
    bad = post(
        client,
        reverse("api-need-list"),
        {"prisoner": case.prison_number, "area": "x", "owner": "prison"},
    )  # noqa: E501
    assert bad.status_code == 400 and "Choose one of: accommodation" in bad.json()["area"][0]
    assert client_for(Role.COM).get(reverse("api-need-list")).json()["count"] == 0
    assert client_for(Role.KEYWORKER).post(reverse("api-need-list"), {}).status_code == 403


def test_the_schema_lists_the_interventions_endpoints(
    client_for: Callable[[str], Client],
) -> None:
    paths = client_for(Role.PRISON_POM).get(reverse("api-schema"), {"format": "json"}).json()
    for path in (
        "/api/v1/interventions/",
        "/api/v1/referrals/",
        "/api/v1/referrals/{id}/complete/",
        "/api/v1/resettlement-needs/",
    ):
        assert path in paths["paths"], path
