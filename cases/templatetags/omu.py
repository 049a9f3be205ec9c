"""Small template helpers for GOV.UK components and the case page."""

from typing import Any

from django import template
from django.core.paginator import Paginator
from django.forms import BaseForm, BoundField
from django.http import QueryDict
from django.template import Context
from django.urls import reverse

from cases import extensions
from cases.text import display_name

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
def bound_field(form: BaseForm, prefix: str, pk: int) -> BoundField:
    """`{% bound_field form "outcome" p.pk as bf %}`: a per-row field of a dynamic form."""
    return form[f"{prefix}_{pk}"]


@register.filter
def person(user: object, nobody: str = "") -> str:
    """`{{ allocation.keyworker|person:"Not allocated" }}`: a person's name, or `nobody`."""
    return display_name(user, nobody=nobody)


@register.simple_tag(takes_context=True)
def case_panel(context: Context, panel: Any) -> str:
    """`{% case_panel panel %}`: a section an app adds to the case page, rendered with the page's
    context (request, `perms`) and the values its app gave (`RenderedPanel.context`)."""
    template = context.template.engine.get_template(panel.template)  # type: ignore[union-attr]  # always set while rendering
    with context.push(**panel.context):
        return template.render(context)


@register.simple_tag(takes_context=True)
def page_links(context: Context, page: str, prison: Any) -> list[tuple[str, str, str]]:
    """`{% page_links "dashboard" prison as links %}`: (title, URL, description) of the links
    apps add to this page (`extensions.add_page_link`) that the user may follow at `prison`."""
    user = context["request"].user
    found = []
    for link in extensions.page_links(page):
        if not link.visible(user, prison):
            continue
        args = [prison.code] if link.with_prison else []
        found.append((link.title, reverse(link.url_name, args=args), link.description))
    return found


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    """`{{ counts|get_item:name }}`: a mapping's value by a key held in a variable."""
    return mapping.get(key) if mapping else None
