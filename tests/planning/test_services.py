"""The what-if over a prison's real cases: its figures are the engine's once the policy tried is
applied; a value the engine refuses is named; runs across prisons; applying is the policy
change, audited."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import Prison, Prisoner, PrisonPolicy
from cases.selectors import evaluate_cases
from planning import jobs, selectors, services
from planning.models import WhatIfRun
from planning.rules import WEEK
from tests.planning.conftest import TODAY

CHANGES: dict[str, dict[str, Any]] = {
    "single point at 12 months": {"handover_rule": "single_point"},
    "legacy rule": {"handover_rule": "legacy"},
    "national at 7 months 15 days": {
        "determinate_handover_months": 7,
        "determinate_handover_days": 15,
    },
    "community cases to 12 months, quarterly contact to 2 months, capacity 30": {
        "community_case_months": 12,
        "pom_contact_other_months": 2,
        "pom_capacity": 30,
    },
}


def _fresh(prison: Prison) -> Prison:
    return Prison.objects.select_related("policy").get(pk=prison.pk)


@pytest.mark.parametrize("name", CHANGES, ids=list(CHANGES))
def test_the_whatif_figures_are_the_engines_once_the_policy_is_applied(
    name: str, leeds: Prison, planned: dict[str, Prisoner], personas: dict[str, Any]
) -> None:
    changes = CHANGES[name]
    tried = selectors.policy_whatif([_fresh(leeds)], changes, today=TODAY)
    assert tried.proposed != tried.current

    services.whatif_apply(
        acting_user=personas["head_of_omu"], prisons=[leeds], changes=changes, reason="Try it"
    )
    applied = selectors.policy_whatif([_fresh(leeds)], {}, today=TODAY)
    assert applied.current == tried.proposed
    assert applied.proposed == tried.proposed

    # And what the engine itself answers for each case under the applied policy, today.
    evaluations = evaluate_cases(Prisoner.objects.filter(current_prison=leeds), today=TODAY)
    in_custody = [
        ev
        for ev in evaluations.values()
        if ev.in_omic_scope.value
        and (ev.display_release_date.date is None or ev.display_release_date.date > TODAY)
    ]
    held = Counter(ev.responsibility.responsible for ev in in_custody)
    assert tried.proposed.series["pom_responsible"][0] == held["pom"]
    assert tried.proposed.series["pom_supporting"][0] == held["com"]
    moves = Counter(
        (ev.handover.handover_date - TODAY).days // 7
        for ev in in_custody
        if ev.handover.handover_date is not None
        and TODAY < ev.handover.handover_date < TODAY + 52 * WEEK
        and ev.responsibility.state != "com_responsible"
    )
    assert dict(enumerate(tried.proposed.series["com_responsible"])) == {
        week: moves.get(week, 0) for week in range(52)
    }


def test_the_whatif_reads_a_fixed_number_of_queries(
    leeds: Prison,
    moorland: Prison,
    planned: dict[str, Prisoner],
    django_assert_max_num_queries: Any,
) -> None:
    # The facts, the fact sources of the apps, the COMs' units, the last contacts, the POMs.
    with django_assert_max_num_queries(12):
        found = selectors.policy_whatif(
            [_fresh(leeds), _fresh(moorland)], {"handover_rule": "legacy"}, today=TODAY
        )
    assert found.current.cases == len(planned)
    assert found.prisons == ["LEI", "MDI"]


def test_the_whatif_counts_poms_capacity_and_the_coms_delivery_units(
    leeds: Prison, planned: dict[str, Prisoner]
) -> None:
    found = selectors.policy_whatif([_fresh(leeds)], {"pom_capacity": 30}, today=TODAY)
    # A prison and a probation POM (42 each, or 30), a senior POM (8) and a half-time senior
    # POM (8 pro rata: 4).
    assert (found.current.capacity, found.proposed.capacity) == (96, 72)
    assert {"Leeds", "Bradford"} <= set(found.current.com_by_ldu)


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"pom_capacity": 0}, "pom_capacity"), ({"handover_rule": "sometimes"}, "handover_rule")],
)
def test_a_threshold_the_engine_refuses_is_named(
    changes: dict[str, Any], field: str, leeds: Prison, personas: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError) as found:
        selectors.policy_whatif([_fresh(leeds)], changes, today=TODAY)
    assert field in found.value.message_dict
    with pytest.raises(ValidationError):
        services.whatif_run_create(
            acting_user=personas["head_of_omu"], prisons=[leeds], changes=changes, today=TODAY
        )


def test_a_run_across_prisons_is_worked_out_in_the_background_and_stores_its_figures(
    leeds: Prison,
    moorland: Prison,
    planned: dict[str, Prisoner],
    personas: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    boss = personas["head_of_omu"]
    from cases.models import StaffRole

    StaffRole.objects.create(user=boss, prison=moorland, role="head_of_omu")
    prisons = selectors.prisons_for_scope(boss, selectors.ALL)
    assert [p.code for p in prisons] == ["LEI", "MDI"]
    with django_capture_on_commit_callbacks(execute=True):
        run = services.whatif_run_create(
            acting_user=boss, prisons=prisons, changes={"handover_rule": "legacy"}, today=TODAY
        )
    run.refresh_from_db()
    assert run.status == WhatIfRun.Status.DONE
    assert jobs.run_progress(run) == 100
    expected = selectors.policy_whatif(
        [_fresh(leeds), _fresh(moorland)], {"handover_rule": "legacy"}, today=TODAY
    )
    assert selectors.WhatIf.from_json(run.result) == expected
    # Running it again changes nothing.
    assert jobs.whatif_run_execute(run_id=run.pk).result == run.result


def test_a_run_needs_the_permission_at_every_prison(
    leeds: Prison, moorland: Prison, personas: dict[str, Any]
) -> None:
    with pytest.raises(PermissionDenied):
        services.whatif_run_create(
            acting_user=personas["head_of_omu"], prisons=[leeds, moorland], changes={}, today=TODAY
        )


def test_applying_the_policy_tried_is_the_audited_policy_change(
    leeds: Prison, personas: dict[str, Any]
) -> None:
    with pytest.raises(PermissionDenied):
        services.whatif_apply(
            acting_user=personas["prison_pom"],
            prisons=[leeds],
            changes={"handover_rule": "single_point"},
            reason="Recommendation 1c",
        )
    services.whatif_apply(
        acting_user=personas["head_of_omu"],
        prisons=[leeds],
        changes={"handover_rule": "single_point"},
        reason="Recommendation 1c",
    )
    policy = PrisonPolicy.objects.get(prison=leeds)
    assert policy.handover_rule == "single_point"
    latest = policy.history.first()
    assert latest is not None
    assert latest.history_user == personas["head_of_omu"]
    assert latest.history_change_reason == "Recommendation 1c"
