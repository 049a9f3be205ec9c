"""Template tags that put screening on other apps' pages: navigation counts and the case page."""

from typing import Any

from django import template

from cases.selectors import OmicPanel
from screening import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_task_counts(context: dict[str, Any]) -> selectors.NavCounts:
    """Overdue and due-soon task counts for the navigation (cached; see selectors.nav_counts)."""
    request = context.get("request")
    if request is None:
        return selectors.NavCounts(0, 0)
    prison = getattr(request, "active_prison", None) or None
    return selectors.nav_counts(request.user, prison)


@register.inclusion_tag("screening/includes/case_screening.html")
def case_screening(prisoner: Any) -> dict[str, Any]:
    """Links to the case's tasks, BCS, categorisation and OASys, with task counts (one query)."""
    return {"prisoner": prisoner, "counts": selectors.case_task_counts(prisoner)}


@register.simple_tag
def omic_with_tasks(omic: OmicPanel | None, prisoner: Any) -> OmicPanel | None:
    """The case page's OMiC panel with deadlines whose task is done tagged done or done late."""
    if omic is None:
        return None
    return selectors.omic_panel_with_tasks(omic, prisoner)
