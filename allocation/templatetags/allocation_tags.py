"""Template helpers for allocation pages and the allocation history on the case page."""

from typing import Any

from django import template

from allocation.selectors import allocation_history

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key) if mapping else None


@register.inclusion_tag("allocation/includes/history_panel.html")
def allocation_history_panel(prisoner: Any, heading_level: int = 3) -> dict[str, Any]:
    """The case's allocation decisions (one query), for the case page (cases' view has no
    allocation context, so the panel loads its own)."""
    return {"items": allocation_history(prisoner), "heading_level": heading_level}
