"""Allocation's figures for the head of OMU's dashboard (docs/rules.md#figures): caseload per
POM against capacity, and POM staffing against what the caseload needs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.urls import reverse

from allocation.rules import pom_staffing
from allocation.selectors.staff import StaffRow, prison_staff
from cases.figures import Definition, Figure, PrisonContext
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
    """The prison's POMs with caseloads, worked out once per dashboard from its stored answers."""
    if _POMS not in ctx.memo:
        staff = prison_staff(
            ctx.prison,
            today=ctx.today,
            states=ctx.states,
            allocations=ctx.allocations,
            poms_only=True,  # the figures and the chart are about POMs; keyworkers left out
        )
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


POMS_OVER_CAPACITY = Definition(
    counts="POMs holding more than they can carry.",
    numerator="POMs at the prison whose weighted caseload is above their capacity. A co-working "
    "case weighs half a case, and a woman assessed high complexity half a case more; capacity is the policy's figure for their role, pro rata for part "
    "time, or the capacity set for the person.",
    denominator=None,
    target="0: no POM over capacity.",
    excludes="POMs exactly at capacity (shown as at capacity, not over).",
)
POM_STAFFING = Definition(
    counts="Whether the prison has the POMs its caseload needs, in full-time equivalents.",
    numerator="POMs in post: the working hours of active POMs (not on leave, not inactive) "
    "over a 37.5-hour week, to one decimal.",
    denominator="POMs needed: the cases in OMiC scope divided by the cases a full-time POM "
    "holds (the prison's POM capacity), rounded up to one decimal.",
    target="100%: at least as many POMs in post as the caseload needs. Above 100% the figure "
    "says there are more POMs in post than the caseload needs, rather than counting it a "
    "success.",
    excludes="POMs on leave or inactive; senior POMs count by their hours like any other POM.",
)


def dashboard_figures(ctx: PrisonContext) -> list[Figure]:
    staff = [p.staff for p in _poms(ctx)]
    over = [s for s in staff if s.load_status == "over"]
    active = [s for s in staff if s.member.status == StaffMember.Status.ACTIVE]
    staffing = pom_staffing(
        working_hours=[float(s.member.working_hours) for s in active],
        cases=len(ctx.in_scope),
        capacity_per_fte=ctx.policy.pom_capacity,
    )
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
            definition=POMS_OVER_CAPACITY,
        ),
        Figure(
            "pom_staffing",
            "POM staffing in post",
            staffing.in_post,
            staffing.needed,
            staffing.explanation,
            target=100,
            higher_is_better=True,
            list_url=staff_url,
            definition=POM_STAFFING,
            headline=f"{staffing.in_post:.1f} in post",
            detail=f"{staffing.needed:.1f} needed"
            + (f" ({staffing.percent:.0f}%)" if staffing.percent is not None else ""),
            remark=staffing.remark if staffing.status != "enough" else "",
        ),
    ]
