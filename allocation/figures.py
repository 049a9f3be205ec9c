"""Allocation's figures for the head of OMU's dashboard (docs/rules.md#figures): caseload per
POM against capacity, and POM staffing against what the caseload needs."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import cast

from django.urls import reverse

from allocation.rules import FULL_TIME_HOURS
from allocation.selectors.staff import StaffRow, prison_staff
from cases.figures import Figure, PrisonContext
from cases.models import StaffMember

_POMS = "allocation.poms"  # the dashboard's memo: the prison's POMs with their capacity


@dataclass(frozen=True)
class CaseloadBar:
    username: str  # for the link to their caseload
    name: str
    load: float
    capacity: int
    status: str  # under, at, over


@dataclass(frozen=True)
class _Pom:
    staff: StaffRow
    capacity: int


def _poms(ctx: PrisonContext) -> list[_Pom]:
    """The prison's POMs with caseloads, worked out once per dashboard from its evaluations."""
    if _POMS not in ctx.memo:
        staff = prison_staff(ctx.prison, today=ctx.today, evaluations=ctx.evaluations)
        ctx.memo[_POMS] = [
            _Pom(s, s.capacity.value) for s in staff if s.is_pom and s.capacity is not None
        ]
    return cast(list[_Pom], ctx.memo[_POMS])  # only this module writes the key


def caseload_bars(ctx: PrisonContext) -> list[CaseloadBar]:
    """Each POM's weighted caseload against their capacity (the dashboard's bar chart)."""
    return [
        CaseloadBar(
            p.staff.user.get_username(), p.staff.name, p.staff.load, p.capacity, p.staff.load_status
        )
        for p in _poms(ctx)
    ]


def dashboard_figures(ctx: PrisonContext) -> list[Figure]:
    staff = [p.staff for p in _poms(ctx)]
    over = [s for s in staff if s.load_status == "over"]
    active = [s for s in staff if s.member.status == StaffMember.Status.ACTIVE]
    in_post = sum(float(s.member.working_hours) for s in active) / FULL_TIME_HOURS
    needed = math.ceil(len(ctx.in_scope) / ctx.policy.pom_capacity) if ctx.in_scope else 0
    staff_url = reverse("allocation-staff")
    return [
        Figure(
            "poms_over_capacity",
            "POMs over capacity",
            len(over),
            None,
            f"{len(over)} of {len(staff)} POMs hold more weighted cases than their capacity"
            + (": " + ", ".join(s.name for s in over) + "." if over else "."),
            target=0,
            list_url=f"{staff_url}?sort=load",
        ),
        Figure(
            "pom_staffing",
            "POM staffing in post",
            round(in_post),
            needed,
            f"{in_post:.1f} full-time-equivalent POMs active (not on leave or inactive) against "
            f"{needed} needed for {len(ctx.in_scope)} cases at {ctx.policy.pom_capacity} each.",
            target=100,
            higher_is_better=True,
            list_url=staff_url,
        ),
    ]
