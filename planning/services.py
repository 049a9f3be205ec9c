"""Writes of the policy what-if: starting a run across prisons (worked out in the background by
`planning.jobs`) and applying the policy tried, through the normal policy change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cases import access
from cases.access import StaffUser
from cases.models import Prison, PrisonPolicy
from cases.services import prison_policy_update
from planning import selectors, tasks
from planning.models import WhatIfRun


def _checked(changes: dict[str, Any], prisons: list[Prison]) -> dict[str, Any]:
    unknown = set(changes) - set(PrisonPolicy.policy_field_names())
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Not a policy threshold."))
    for prison in prisons:  # a value the engine refuses is refused before anything runs
        selectors.policies_for(prison, changes)
    return changes


@transaction.atomic
def whatif_run_create(
    *,
    acting_user: StaffUser,
    prisons: list[Prison],
    changes: dict[str, Any],
    today: dt.date,
    queue: bool = True,
) -> WhatIfRun:
    """Keep a what-if across prisons, to be worked out in the background (`whatif_run_execute`).
    The user must be allowed to try a policy at every prison."""
    for prison in prisons:
        access.require(acting_user, selectors.PERM, prison)
    run = WhatIfRun.objects.create(
        changes=_checked(changes, prisons), start=today, created_by=acting_user
    )
    run.prisons.set(prisons)
    if queue:
        transaction.on_commit(partial(tasks.whatif_run.delay, run.pk))
    return run


@transaction.atomic
def whatif_apply(
    *,
    acting_user: StaffUser,
    prisons: list[Prison],
    changes: dict[str, Any],
    reason: str,
    versions: Mapping[str, int] | None = None,
) -> list[PrisonPolicy]:
    """Make the policy tried the policy of these prisons: the normal policy change for each
    (validated, audited with the reason, stored answers re-evaluated once committed), with the
    permission the policy page needs. All or none.

    The page and the API give `versions`, each prison's policy version (by code) the what-if
    was worked out against: if someone changed a policy since, nothing is applied
    (`cases.versions.StaleEdit`), since the figures compared were not the policy as it is now.
    Without `versions` the policy as it is now is the one changed."""
    for prison in prisons:
        access.require(acting_user, "cases.change_prisonpolicy", prison)
    _checked(changes, prisons)
    if versions is not None:
        missing = [p.code for p in prisons if p.code not in versions]
        if missing:
            raise ValidationError(
                {"versions": f"Give the policy version you tried against for {', '.join(missing)}."}
            )
    seen = policy_versions(prisons) if versions is None else versions
    return [
        prison_policy_update(
            prison=prison,
            acting_user=acting_user,
            changes=changes,
            reason=reason,
            expected_version=seen.get(prison.code, 0),
        )
        for prison in prisons
    ]


def policy_versions(prisons: list[Prison]) -> dict[str, int]:
    """Each prison's policy version by code (0 for a policy never saved): what a what-if is
    worked out against, for applying it (`whatif_apply`)."""
    stored = dict(
        PrisonPolicy.objects.filter(prison__in=prisons).values_list("prison__code", "version")
    )
    return {prison.code: stored.get(prison.code, 0) for prison in prisons}
