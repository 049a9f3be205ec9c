"""How allocation plugs into the ground floor (`cases.extensions`): navigation and home
links, the case page's allocation actions and decision history, its dashboard figures and
the caseload chart."""

from __future__ import annotations

from typing import Any

from allocation import figures, selectors, services
from cases import access, extensions
from cases.access import User
from cases.audit import ChangeSource
from cases.extensions import CaseAction, CasePanel, HomeLink, NavItem, PanelContext
from cases.models import Allocation, Prison, Role

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
        "allocation": Allocation.objects.filter(prisoner=prisoner).first(),
        "items": selectors.allocation_history(prisoner),
        "can_allocate": bool(prisoner.current_prison_id)
        and access.may(ctx.request.user, "allocation.assign_case", prisoner.current_prison_id),
    }


def _case_leaving(prisoner_ids: list[int], why: str, source: ChangeSource) -> None:
    services.allocations_end(prisoner_ids=prisoner_ids, why=why, source=source)


def register() -> None:
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
