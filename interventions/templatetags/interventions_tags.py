"""Template tags that put interventions on other apps' pages (the case page)."""

from typing import Any

from django import template

from interventions import selectors

register = template.Library()


@register.inclusion_tag("interventions/includes/case_panel.html", takes_context=True)
def case_interventions(context: dict[str, Any], prisoner: Any) -> dict[str, Any]:
    """Open needs and active referrals of the case, with links (one query)."""
    perms = context.get("perms")
    return {
        "prisoner": prisoner,
        "counts": selectors.case_counts(prisoner),
        "can_refer": bool(perms and perms["interventions"]["refer"]),
    }
