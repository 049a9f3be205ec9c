"""How handover plugs into the ground floor (`cases.extensions`): its navigation and home
links, the case page's handover panel, handover decisions on the case record, the facts the
rules engine needs from it (parole outcomes, overrides) and its dashboard figures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import timezone

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
from handover import audit, figures, merge, selectors, transitions
from handover.models import HandoverEvent, ResponsibilityOverride


def _shows_lists(user: User, prison: Prison | None) -> bool:
    return access.may(user, "handover.view_handover_lists", prison)


def _case_panel(ctx: PanelContext) -> dict[str, Any]:
    """The active responsibility override, if any, and a link to the handover page."""
    override = (
        ResponsibilityOverride.objects.filter(prisoner=ctx.prisoner, removed_at__isnull=True)
        .select_related("created_by")
        .first()
    )
    return {"prisoner": ctx.prisoner, "override": override}


def _decisions(prisoner: Prisoner) -> Iterator[TimelineEvent]:
    for e in HandoverEvent.objects.filter(prisoner=prisoner).select_related("actor").order_by():
        who = display_name(e.actor, nobody="System")
        yield TimelineEvent(e.at, "handover", e.get_action_display(), _detail(e), who)


def _detail(e: HandoverEvent) -> str:
    """What happened, said once: a state change's reason already names the new state."""
    if e.action == HandoverEvent.Action.STATE_CHANGED:
        was = (
            f"Was {e.old_value.lower()}. " if e.old_value and e.old_value != "Not recorded" else ""
        )
        return f"{was}{e.reason or e.new_value}"
    return e.summary + (f" Reason: {e.reason}" if e.reason else "")


def _record_states(prisoner_ids: list[int]) -> None:
    """Once a change to these cases is committed, record their handover state now rather than
    at the nightly run (a new release date can start a handover today)."""
    cases = Prisoner.objects.filter(pk__in=prisoner_ids)
    transitions.handover_transition_cases(cases, today=timezone.localdate())


def register() -> None:
    for source in audit.audit_sources():
        extensions.add_audit_source(source)
    extensions.add_subject_access_source(audit.subject_access, order=30)
    extensions.add_nav_item(NavItem("Handovers", "handover-list", _shows_lists, order=30))
    extensions.add_home_links(
        HomeLink(
            tuple(r for r in Role if r not in (Role.KEYWORKER, Role.COM)),
            "Handovers",
            "handover-list",
            "Upcoming handovers, COMs not allocated in time, overdue checklist items and releases.",
            order=60,
        ),
        HomeLink(
            (Role.COM,),
            "My handover cases",
            "handover-list",
            "Timelines, checklists and contacts for the cases you hold.",
            order=10,
            query="list=all",
        ),
    )
    extensions.add_case_panel(
        CasePanel(
            "handover",
            "handover/includes/case_panel.html",
            "handover.view_handovercase",
            _case_panel,
            order=10,
        )
    )
    extensions.add_timeline_source(TimelineSource("handover", "Handover", _decisions, order=60))
    extensions.add_fact_source(selectors.case_facts_by_prisoner, order=20)
    extensions.add_figure_source(figures.dashboard_figures, order=20)
    extensions.on_case_changed(_record_states, order=20)
    extensions.on_merge(merge.merge, merge.merge_preview, order=20)
