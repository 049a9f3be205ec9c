"""Reads of the policy what-if: which prisons a user may try a policy at, the what-if itself
(the rules engine over the prisons' cases under today's policy and under the one tried), and
the stored runs across prisons."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max, QuerySet
from django.http import Http404

from cases import access, rules
from cases.access import User
from cases.bank_holidays import bank_holidays
from cases.models import POM_ROLES, Allocation, Prison, Prisoner, Session, StaffRole
from cases.selectors import POM_CONTACT_HELD, CaseFactsRow, case_facts, collector_paused
from cases.selectors import prison_rules as prison_rules_of
from planning import rules as planning_rules
from planning.models import WhatIfRun
from planning.rules import PlanningCase, PomStaff, Projection

PERM = "planning.run_whatif"
ALL = "all"
# A POM holding several POM roles at a prison counts once, as the first of these.
_POM_PRECEDENCE = ("senior_pom", "probation_pom", "prison_pom")

Progress = Callable[[int, int], None]


def whatif_prisons(user: User) -> QuerySet[Prison]:
    """Prisons where the user may try a policy (a national user: every prison they may)."""
    return access.prisons_where(user, PERM).select_related("policy").order_by("name")


def prisons_for_scope(user: User, scope: str) -> list[Prison]:
    """One prison by code, or `all` of the user's what-if prisons; 404 for a prison that is
    not theirs, 403 where they may see it but not try a policy there."""
    if scope == ALL:
        prisons = list(whatif_prisons(user))
        if not prisons:
            raise Http404("No prisons where you may try a policy.")
        return prisons
    return [access.get_prison_for_user(user, scope, perm=PERM)]


def proposed_policy(current: rules.Policy, changes: dict[str, Any]) -> rules.Policy:
    """The prison's policy with the thresholds tried over it; a value the engine would refuse
    is a ValidationError naming its field."""
    try:
        return rules.Policy.from_mapping({**current.as_dict(), **changes})
    except rules.PolicyError as exc:
        raise ValidationError({exc.field: exc.message}, code="invalid") from exc


@dataclass
class WhatIf:
    """Today's policy and the one tried, side by side, over the same cases and weeks."""

    prisons: list[str]
    changes: dict[str, Any]
    current: Projection
    proposed: Projection

    def as_json(self) -> dict[str, Any]:
        return {
            "prisons": self.prisons,
            "changes": self.changes,
            "current": planning_rules.projection_as_json(self.current),
            "proposed": planning_rules.projection_as_json(self.proposed),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WhatIf:
        return cls(
            list(data["prisons"]),
            dict(data["changes"]),
            planning_rules.projection_from_json(data["current"]),
            planning_rules.projection_from_json(data["proposed"]),
        )


def policy_whatif(
    prisons: Iterable[Prison],
    changes: dict[str, Any],
    *,
    today: dt.date,
    progress: Progress | None = None,
) -> WhatIf:
    """The rules engine over every case now at these prisons, week by week for 12 months from
    `today`, under each prison's policy and under it with `changes` over it. Reads in a fixed
    number of queries whatever the number of prisons or cases: the facts (`case_facts`), each
    case's COM delivery unit and POM allocation, its last POM contact, and the prisons' POMs."""
    prisons = list(prisons)
    proposals = {p.pk: policies_for(p, changes) for p in prisons}  # refuses a bad value first
    ids = [p.pk for p in prisons]
    by_prison: dict[int | None, list[CaseFactsRow]] = defaultdict(list)
    for row in case_facts(Prisoner.objects.filter(current_prison__in=ids), today=today):
        by_prison[row.prison_id].append(row)
    holders = {
        pk: (pdu, rules.london_day(since) if since else None)
        for pk, pdu, since in Allocation.objects.filter(
            prisoner__current_prison__in=ids
        ).values_list("prisoner_id", "com_pdu", "pom_allocated_at")
    }
    contacts = _last_pom_contacts(ids, today)
    staff = _pom_staff(ids)
    current_total = Projection.empty(today)
    proposed_total = Projection.empty(today)
    # Every row of one read covers the same years.
    years = next((rs[0].years for rs in by_prison.values() if rs), (today.year, today.year + 2))
    with collector_paused():
        for done, prison in enumerate(prisons, start=1):
            current, proposed = proposals[prison.pk]
            cases = [
                PlanningCase(
                    r.facts,
                    holders.get(r.prisoner_id, ("", None))[0],
                    contacts.get(r.prisoner_id),
                    holders.get(r.prisoner_id, ("", None))[1],
                )
                for r in by_prison.get(prison.pk, [])
            ]
            holidays: dict[str, frozenset[dt.date]] = {
                country: bank_holidays(years[0], years[1], country)
                for country in {current.bank_holiday_country, proposed.bank_holiday_country}
            }
            projected = None
            for policy, total in ((current, current_total), (proposed, proposed_total)):
                if projected is None or policy != current:  # the same policy, the same figures
                    projected = planning_rules.project(
                        cases, policy, start=today, holidays=holidays
                    )
                    projected.capacity = planning_rules.total_capacity(
                        staff.get(prison.pk, []), policy
                    )
                total.add(projected)
            if progress is not None:
                progress(done, len(prisons))
    return WhatIf([p.code for p in prisons], changes, current_total, proposed_total)


def policies_for(prison: Prison, changes: dict[str, Any]) -> tuple[rules.Policy, rules.Policy]:
    """The prison's policy today (reads `prison.policy` unless selected) and the one tried."""
    current = prison_rules_of(prison).policy
    return current, proposed_policy(current, changes)


def _last_pom_contacts(prison_ids: list[int], today: dt.date) -> dict[int, dt.date]:
    last = (
        Session.objects.order_by()
        .filter(
            POM_CONTACT_HELD,
            prisoner__current_prison__in=prison_ids,
            occurred_at__date__lte=today,
        )
        .values("prisoner_id")
        .annotate(last=Max("occurred_at"))
        .values_list("prisoner_id", "last")
    )
    return {pk: rules.london_day(when) for pk, when in last}


def _pom_staff(prison_ids: list[int]) -> dict[int, list[PomStaff]]:
    """Each prison's POMs who are not inactive, with what their capacity depends on."""
    held: dict[tuple[int, int], dict[str, Any]] = {}
    rows = StaffRole.objects.filter(prison__in=prison_ids, role__in=POM_ROLES).values(
        "prison_id",
        "user_id",
        "role",
        "user__staff__status",
        "user__staff__is_new_pom",
        "user__staff__working_hours",
        "user__staff__capacity_override",
    )
    for found_row in rows:
        row: dict[str, Any] = dict(found_row)
        if row["user__staff__status"] == "inactive":
            continue
        key = (row["prison_id"], row["user_id"])
        known = held.get(key)
        if known is None or _POM_PRECEDENCE.index(row["role"]) < _POM_PRECEDENCE.index(
            known["role"]
        ):
            held[key] = row
    found: dict[int, list[PomStaff]] = defaultdict(list)
    for (prison_id, _), row in sorted(held.items()):
        hours = row["user__staff__working_hours"]
        found[prison_id].append(
            PomStaff(
                role=row["role"],
                is_new_pom=bool(row["user__staff__is_new_pom"]),
                working_hours=float(hours) if hours is not None else planning_rules.FULL_TIME_HOURS,
                capacity_override=row["user__staff__capacity_override"],
            )
        )
    return found


def runs_for_user(user: User) -> QuerySet[WhatIfRun]:
    """Runs whose every prison the user may try a policy at."""
    allowed = whatif_prisons(user)
    return (
        WhatIfRun.objects.exclude(prisons__in=Prison.objects.exclude(pk__in=allowed.values("pk")))
        .prefetch_related("prisons")
        .distinct()
    )


def get_run_for_user(user: User, pk: int) -> WhatIfRun:
    try:
        return runs_for_user(user).get(pk=pk)
    except WhatIfRun.DoesNotExist as exc:
        raise Http404("No such what-if run.") from exc
