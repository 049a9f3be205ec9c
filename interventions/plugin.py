"""How interventions plug into the ground floor (`cases.extensions`): navigation and home
links, the case page's interventions panel, referrals on the case record, and its dashboard
figures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from cases import access, extensions
from cases.access import User
from cases.extensions import (
    CasePanel,
    HomeLink,
    NavItem,
    PanelContext,
    TimelineEvent,
    TimelineSource,
)
from cases.models import Prison, Prisoner, Role
from cases.text import display_name
from interventions import audit, figures, merge
from interventions.models import Referral
from interventions.selectors.case import case_counts

POMS = (Role.PRISON_POM, Role.PROBATION_POM, Role.SENIOR_POM)


def _shows_directory(user: User, prison: Prison | None) -> bool:
    return access.may(user, "interventions.view_intervention", prison)


def _case_panel(ctx: PanelContext) -> dict[str, Any]:
    """Open needs and active referrals of the case, with links (one query)."""
    return {
        "prisoner": ctx.prisoner,
        "counts": case_counts(ctx.prisoner),
        "can_refer": access.may_on_case(ctx.request.user, "interventions.refer", ctx.prisoner),
    }


def _referrals(prisoner: Prisoner) -> Iterator[TimelineEvent]:
    referrals = Referral.objects.filter(prisoner=prisoner).select_related(
        "offering__intervention", "offering__prison", "created_by"
    )
    for r in referrals.order_by():
        title = f"Referral to {r.offering.intervention.name} ({r.offering.prison.name})"
        yield TimelineEvent(
            r.created_at,
            "referral",
            title,
            f"Now: {r.get_status_display()}",
            display_name(r.created_by, nobody="System"),
            reverse("interventions-referral", args=[r.pk]),
        )


def register() -> None:
    for source in audit.audit_sources():
        extensions.add_audit_source(source)
    extensions.add_subject_access_source(audit.subject_access, order=50)
    extensions.add_nav_item(
        NavItem(
            "Interventions",
            "interventions-directory",
            _shows_directory,
            order=90,
            testid="nav-interventions",
        )
    )
    extensions.add_home_links(
        HomeLink(
            tuple(r for r in Role if r != Role.COM),
            "Interventions",
            "interventions-directory",
            "What the prison runs, who it is for, the next cohort and places left; referrals.",
            order=70,
        ),
        HomeLink(
            (Role.HEAD_OF_OMU, Role.CASE_ADMIN, Role.SENIOR_POM, Role.READ_ONLY),
            "Waiting lists and referrals at risk",
            "interventions-waiting",
            "Waiting lists by release date, referrals that cannot finish in time, completions.",
            order=75,
        ),
        HomeLink(
            (*POMS, Role.COM),
            "Needs near release",
            "interventions-pre-release",
            "Resettlement needs still open for your cases released in the next 12 weeks.",
            order=80,
            query="mine=1",
        ),
    )
    extensions.add_case_panel(
        CasePanel(
            "interventions",
            "interventions/includes/case_panel.html",
            "interventions.view_referral",
            _case_panel,
            order=30,
        )
    )
    extensions.add_timeline_source(TimelineSource("referral", "Referrals", _referrals, order=50))
    extensions.add_figure_source(figures.dashboard_figures, order=30)
    extensions.on_merge(merge.merge, merge.merge_preview, order=30)
