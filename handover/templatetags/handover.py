"""Template tags for other apps' pages that show a case's handover (e.g. the case page)."""

from typing import Any

from django import template

from cases.models import Prisoner
from handover.models import ResponsibilityOverride

register = template.Library()


@register.inclusion_tag("handover/includes/case_panel.html")
def handover_panel(prisoner: Prisoner) -> dict[str, Any]:
    """The active responsibility override, if any, and a link to the handover page (1 query)."""
    override = (
        ResponsibilityOverride.objects.filter(prisoner=prisoner, removed_at__isnull=True)
        .select_related("created_by")
        .first()
    )
    return {"prisoner": prisoner, "override": override}


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """`mapping[key]` in a template, e.g. a list's count by its name."""
    return mapping.get(key)
