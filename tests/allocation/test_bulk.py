"""Bulk re-allocation and bulk keyworker allocation: previewed, then all or nothing."""

from collections.abc import Callable

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from allocation import services
from allocation.models import AllocationEvent
from allocation.services import KeyworkerAssignment, PlannedMove
from cases.models import Allocation, Prison, Role
from tests.allocation.conftest import set_staff
from tests.factories import staff


@pytest.fixture
def held(make_case: Callable, poms: dict, personas: dict) -> list:
    """Three cases held by the prison POM (one co-working with the second prison POM)."""
    admin = personas[Role.CASE_ADMIN]
    cases = [make_case() for _ in range(3)]
    for case in cases:
        services.allocation_assign(prisoner=case, pom=poms["prison"], acting_user=admin)
    return cases


def snapshot() -> list[tuple]:
    return sorted(Allocation.objects.values_list("prisoner_id", "primary_pom_id", "version"))


def test_a_bulk_move_moves_every_case_with_one_audit_entry_each(
    held: list, poms: dict, personas: dict, leeds: Prison, django_capture_on_commit_callbacks
) -> None:
    moves = [
        PlannedMove(held[0].pk, poms["prison2"].pk, 1),
        PlannedMove(held[1].pk, poms["prison2"].pk, 1),
        PlannedMove(held[2].pk, poms["senior"].pk, 1),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        events = services.allocation_bulk_move(
            prison=leeds,
            from_pom=poms["prison"],
            moves=moves,
            acting_user=personas[Role.HEAD_OF_OMU],
            reason="POM leaving the OMU",
            override_reason="none_available",
        )
    assert [e.kind for e in events] == ["reallocated"] * 3
    assert len({e.batch for e in events}) == 1 and events[0].batch is not None
    assert {e.reason for e in events} == {"POM leaving the OMU"}
    assert [w["code"] for w in events[2].warnings] == ["type_mismatch"]  # senior: probation
    holders = dict(Allocation.objects.values_list("prisoner_id", "primary_pom_id"))
    assert holders == {
        held[0].pk: poms["prison2"].pk,
        held[1].pk: poms["prison2"].pk,
        held[2].pk: poms["senior"].pk,
    }
    # one email per receiving POM, listing their new cases
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [poms["prison2"].email, poms["senior"].email]
    )
    assert next(m for m in mail.outbox if m.to == [poms["prison2"].email]).subject == (
        "2 new cases allocated to you"
    )


@pytest.mark.parametrize("failure", ["inactive receiver", "stale version", "not a pom"])
def test_one_failing_case_rolls_the_whole_move_back(
    held: list, poms: dict, personas: dict, leeds: Prison, failure: str
) -> None:
    receiver, version = poms["prison2"], 1
    if failure == "inactive receiver":
        receiver = staff("pom_gone", Role.PRISON_POM, leeds)
        set_staff(receiver, status="inactive")
    elif failure == "stale version":
        version = 0
    else:
        receiver = personas[Role.KEYWORKER]
    moves = [
        PlannedMove(held[0].pk, poms["prison2"].pk, 1),
        PlannedMove(held[1].pk, poms["prison2"].pk, 1),
        PlannedMove(held[2].pk, receiver.pk, version),  # the last one fails
    ]
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.allocation_bulk_move(
            prison=leeds,
            from_pom=poms["prison"],
            moves=moves,
            acting_user=personas[Role.HEAD_OF_OMU],
            reason="Rebalancing",
        )
    assert exc.value.messages[0].startswith(held[2].prison_number)
    assert exc.value.messages[0].endswith("Nothing was moved.")
    assert snapshot() == before
    assert AllocationEvent.objects.filter(kind="reallocated").count() == 0


def test_the_page_suggests_a_spread_previews_then_moves_on_confirm(
    held: list, poms: dict, client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.HEAD_OF_OMU)
    url = reverse("allocation-bulk-move", args=[poms["prison"].username])
    plan = client.get(url).context["plan"]
    assert [r.checked for r in plan.rows] == [True, True, True]
    assert {r.suggested for r in plan.rows} == {poms["prison2"].pk}  # the only other prison POM
    form = {"case": [str(held[0].pk), str(held[1].pk)], "action": "preview"}
    for row in plan.rows:
        form[f"to_{row.case.id}"] = str(row.suggested)
        form[f"version_{row.case.id}"] = str(row.version)
    before = snapshot()
    preview = client.post(url, form)
    assert preview.status_code == 200
    assert len(preview.context["preview"].lines) == 2
    assert preview.context["preview"].after[0].after == 2
    assert snapshot() == before  # a preview changes nothing
    missing_reason = client.post(url, {**form, "action": "confirm"})
    page = missing_reason.content.decode()
    assert missing_reason.context["form"].errors["reason"] == ["Enter why these cases are moving"]
    assert '<a href="#id_reason">Enter why these cases are moving</a>' in page  # the summary
    assert 'id="id_reason_1_error"' in page  # and on the field
    assert snapshot() == before
    done = client.post(url, {**form, "action": "confirm", "reason": "Leaving"})
    assert done.status_code == 302
    holders = dict(Allocation.objects.values_list("prisoner_id", "primary_pom_id"))
    assert [holders[c.pk] for c in held] == [
        poms["prison2"].pk,
        poms["prison2"].pk,
        poms["prison"].pk,
    ]


def test_a_case_changed_between_preview_and_confirm_stops_the_move(
    held: list, poms: dict, personas: dict, client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.HEAD_OF_OMU)
    url = reverse("allocation-bulk-move", args=[poms["prison"].username])
    form = {"case": [str(held[0].pk)], "action": "confirm", "reason": "Leaving"}
    form[f"to_{held[0].pk}"] = str(poms["prison2"].pk)
    form[f"version_{held[0].pk}"] = "1"
    services.allocation_assign(
        prisoner=held[0], pom=poms["senior"], acting_user=personas[Role.CASE_ADMIN],
        role="secondary", override_reason="none_available",
    )  # fmt: skip
    response = client.post(url, form)
    assert "Someone else changed this case" in response.content.decode()
    assert Allocation.objects.get(prisoner=held[0]).primary_pom == poms["prison"]


def test_bulk_keyworker_allocation_is_all_or_nothing(
    make_case: Callable, personas: dict, leeds: Prison, client_for: Callable[[str], Client]
) -> None:
    cases = [make_case() for _ in range(3)]
    keyworker = personas[Role.KEYWORKER]
    admin = personas[Role.CASE_ADMIN]
    with pytest.raises(ValidationError, match="not a keyworker"):
        services.keyworker_bulk_allocate(
            prison=leeds,
            acting_user=admin,
            assignments=[
                KeyworkerAssignment(cases[0].pk, keyworker.pk),
                KeyworkerAssignment(cases[1].pk, personas[Role.PRISON_POM].pk),
            ],
        )
    assert not Allocation.objects.filter(keyworker__isnull=False).exists()
    client = client_for(Role.CASE_ADMIN)
    page = client.get(reverse("allocation-keyworkers"))
    rows = page.context["page"].object_list
    assert {r.allocation["chosen"] for r in rows} == {keyworker.pk}  # the only keyworker
    form = {"prisoner": [str(cases[0].pk), str(cases[2].pk)]}
    for r in rows:
        form[f"keyworker_{r.id}"] = str(keyworker.pk)
    assert client.post(reverse("allocation-keyworkers"), form).status_code == 302
    assert set(
        Allocation.objects.filter(keyworker=keyworker).values_list("prisoner", flat=True)
    ) == {
        cases[0].pk,
        cases[2].pk,
    }
    assert AllocationEvent.objects.filter(role="keyworker").count() == 2
