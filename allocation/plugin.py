"""How allocation plugs into the ground floor (`cases.extensions`): navigation and home
links, the case page's allocation actions and decision history, the early allocation panel and
its events on the case record, its dashboard figures and the caseload chart."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone

from allocation import audit, figures, selectors, services
from allocation.models import EarlyAllocation, EarlyAllocationWindow
from cases import access, extensions
from cases.access import User
from cases.audit import ChangeSource
from cases.extensions import (
    CaseAction,
    CasePanel,
    HomeLink,
    NavItem,
    PanelContext,
    TimelineEvent,
    TimelineSource,
)
from cases.models import Prison, Prisoner, Role
from cases.text import display_name

POMS = (Role.PRISON_POM, Role.PROBATION_POM, Role.SENIOR_POM)
OMU_ADMINS = (Role.HEAD_OF_OMU, Role.CASE_ADMIN)


def _perm(perm: str) -> extensions.Visible:
    def visible(user: User, prison: Prison | None) -> bool:
        return access.may(user, perm, prison)

    return visible


def _case_panel(ctx: PanelContext) -> dict[str, Any]:
    prisoner = ctx.prisoner
    return {
        "prisoner": prisoner,
        "allocation": ctx.allocation,
        "items": selectors.allocation_history(prisoner),
        "can_allocate": bool(prisoner.current_prison_id)
        and access.may(ctx.request.user, "allocation.assign_case", prisoner.current_prison_id),
    }


def _early_panel(ctx: PanelContext) -> dict[str, Any] | None:
    """Left out for a case out of scope or with no release date, unless it was assessed."""
    info = selectors.case_early_allocation(
        ctx.request.user, ctx.prisoner, ctx.evaluation, today=timezone.localdate(ctx.now)
    )
    in_scope = ctx.evaluation.in_omic_scope.value and info.window.opens_on is not None
    if not (in_scope or info.assessments):
        return None
    return {"prisoner": ctx.prisoner, "info": info}


def _early_events(prisoner: Prisoner) -> Iterator[TimelineEvent]:
    """Each assessment, decision and withdrawal: one query."""
    for a in EarlyAllocation.objects.filter(prisoner=prisoner).select_related(
        "created_by", "decided_by", "withdrawn_by"
    ):
        url = reverse("allocation-early-detail", args=[prisoner.prison_number, a.pk])
        yield TimelineEvent(
            a.created_at,
            "early_allocation",
            "Early allocation assessed",
            a.outcome_explanation + (f" Reasons: {a.reason}" if a.reason else ""),
            display_name(a.created_by, nobody="System"),
            url,
        )
        if a.decided_at:
            yield TimelineEvent(
                a.decided_at,
                "early_allocation",
                f"Early allocation {a.status}",
                a.decision_note,
                display_name(a.decided_by, nobody="System"),
                url,
            )
        if a.withdrawn_at:
            yield TimelineEvent(
                a.withdrawn_at,
                "early_allocation",
                "Early allocation withdrawn",
                a.withdrawal_reason,
                display_name(a.withdrawn_by, nobody="System"),
                url,
            )


def _case_leaving(prisoner_ids: list[int], why: str, source: ChangeSource) -> None:
    services.allocations_end(prisoner_ids=prisoner_ids, why=why, source=source)


def register() -> None:
    for source in audit.audit_sources():
        extensions.add_audit_source(source)
    extensions.add_subject_access_source(audit.subject_access, order=20)
    for title, url_name, perm, order in (
        ("Allocations", "allocation-queue", "allocation.assign_case", 40),
        ("Staff", "allocation-staff", "allocation.view_caseloads", 50),
        ("My caseload", "allocation-my-caseload", "allocation.view_own_caseload", 60),
    ):
        extensions.add_nav_item(NavItem(title, url_name, _perm(perm), order=order))
    extensions.add_case_action(
        CaseAction(
            "cases_without_pom",
            "Allocate",
            "allocation-allocate",
            "allocation.assign_case",
            hidden="a POM to",
        )
    )
    _register_early_allocation()
    extensions.add_home_links(
        HomeLink(
            OMU_ADMINS,
            "Allocations",
            "allocation-queue",
            "Cases waiting for a POM or information, re-allocations, COMs and keyworkers.",
            order=20,
        ),
        HomeLink(
            (*OMU_ADMINS, Role.READ_ONLY),
            "Staff and caseloads",
            "allocation-staff",
            "Everyone's caseload against capacity, hours and leave; move cases between POMs.",
            order=30,
        ),
        HomeLink(
            POMS,
            "My caseload",
            "allocation-my-caseload",
            "Your cases by type, with release, handover and the next deadline.",
            order=20,
        ),
    )
    extensions.add_case_panel(
        CasePanel(
            "allocation",
            "allocation/includes/case_panel.html",
            "cases.view_allocation",
            _case_panel,
            order=10,
            slot="holders",
        )
    )
    extensions.add_figure_source(figures.dashboard_figures, order=10)
    extensions.set_caseload_chart(figures.caseload_bars)
    extensions.on_case_leaving(_case_leaving, order=10)


def _register_early_allocation() -> None:
    extensions.add_nav_item(
        NavItem(
            "Early allocation",
            "allocation-early-due",
            _perm("allocation.decide_early_allocation"),
            order=65,
            testid="nav-early-allocation",
        )
    )
    extensions.add_home_links(
        HomeLink(
            (*POMS, Role.HEAD_OF_OMU),
            "Early allocation assessments due",
            "allocation-early-due",
            "Cases within 18 months of release with no early allocation assessment yet, and "
            "discretionary cases waiting for the head of OMU.",
            order=25,
        )
    )
    extensions.add_case_panel(
        CasePanel(
            "early_allocation",
            "allocation/includes/early_panel.html",
            "allocation.view_earlyallocation",
            _early_panel,
            order=15,
        )
    )
    extensions.add_timeline_source(
        TimelineSource("early_allocation", "Early allocation", _early_events, order=55)
    )
    extensions.on_case_changed(_early_facts, order=5)
    extensions.on_merge(_early_merge, _early_merge_preview, order=30)


def _early_facts(prisoner_ids: list[int]) -> None:
    services.early_allocation_facts_reconcile(prisoner_ids)


def _early_merge(kept_id: int, removed_id: int, source: ChangeSource) -> None:
    """The removed record's assessments and window records move with its sentences."""
    EarlyAllocation.objects.filter(prisoner_id=removed_id).update(prisoner_id=kept_id)
    EarlyAllocationWindow.objects.filter(prisoner_id=removed_id).update(prisoner_id=kept_id)


def _early_merge_preview(kept_id: int, removed_id: int) -> list[tuple[str, int]]:
    found = EarlyAllocation.objects.filter(prisoner_id=removed_id).count()
    return [("Early allocation assessments", found)]
