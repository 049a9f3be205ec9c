"""Small template helpers for GOV.UK components."""

from django import template
from django.core.paginator import Paginator
from django.http import QueryDict

register = template.Library()


@register.simple_tag
def page_query(query: str, number: int) -> str:
    """The current query string with `page` replaced."""
    params = QueryDict(query, mutable=True)
    params["page"] = str(number)
    return params.urlencode()


@register.filter
def page_window(paginator: Paginator, current: int) -> list[int | None]:
    """Page numbers to show: first, last and two either side of the current; None is a gap."""
    last = paginator.num_pages
    shown = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    window: list[int | None] = []
    for number in shown:
        if window and number - (window[-1] or 0) > 1:
            window.append(None)
        window.append(number)
    return window


@register.simple_tag
def bound_field(form: object, prefix: str, pk: int) -> object:
    """`{% bound_field form "outcome" p.pk as bf %}`: a per-row field of a dynamic form."""
    return form[f"{prefix}_{pk}"]  # type: ignore[index]
