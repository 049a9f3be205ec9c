"""Small template helpers for GOV.UK components and the case page."""

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django import template
from django.core.paginator import Paginator
from django.forms import (
    BaseForm,
    BoundField,
    CheckboxSelectMultiple,
    MultiWidget,
    RadioSelect,
    Textarea,
)
from django.http import QueryDict
from django.template import Context
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from cases import extensions
from cases.text import STATUS_TAGS, display_name

register = template.Library()

# A stand-in prison number: `case_url` reverses each route once with it, then writes the real one
# in its place. Prison numbers are letters and digits, which a URL writes as they are.
_MARK = "A0000AA"
_PLAIN = re.compile(r"[A-Za-z0-9]+")


@lru_cache(maxsize=64)
def _case_route(name: str, script_prefix: str) -> tuple[str, str] | None:
    """The address of route `name` for the stand-in number, split around it; None where the
    route does not write the number as given. Kept per script prefix, which reverse writes."""
    before, found, after = reverse(name, args=[_MARK]).rpartition(_MARK)
    return (before, after) if found else None


@register.simple_tag
def case_url(name: str, prison_number: str) -> str:
    """`{% url name prison_number %}` for a route that takes one prison number, without a
    reverse for each row: a list links every row to its case, and reversing costs tens of
    microseconds a link. Anything but letters and digits is reversed as usual."""
    number = str(prison_number)
    route = _case_route(name, get_script_prefix()) if _PLAIN.fullmatch(number) else None
    if route is None:
        return reverse(name, args=[number])
    return f"{route[0]}{number}{route[1]}"


@register.simple_tag
def status_tag(status: str) -> SafeString:
    """`{% status_tag row.status %}`: a deadline's or a task's status as a GOV.UK tag (overdue
    red, due soon yellow, done green, done late orange, not yet due and not needed grey);
    nothing for an empty status. A tag, not an included template: task lists draw one a row."""
    found = STATUS_TAGS.get(status)
    if found is None:
        return SafeString("")
    colour, words = found
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, words)


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


@dataclass(frozen=True)
class PageError:
    """One line of the page's error summary: the message and the id of the field it links to."""

    message: str
    target: str


def _field_target(bound: BoundField) -> str:
    """The id the summary links to: the first box of a date, the first radio or checkbox as
    crispy-forms-gds numbers them (from 1), otherwise the field itself."""
    field = bound.field
    if isinstance(field.widget, MultiWidget):
        parts = getattr(field, "fields", ())
        for index, part in enumerate(parts):
            if getattr(part.widget, "errors", None):
                return f"{bound.auto_id}_{index}"
        return f"{bound.auto_id}_0"
    if isinstance(field.widget, RadioSelect | CheckboxSelectMultiple):
        return f"id_{bound.html_name}_1"
    return str(bound.id_for_label or bound.auto_id)


def form_errors(form: BaseForm) -> list[PageError]:
    """A form's errors as the summary lists them: the form's own errors first, linking to its
    first field (or the form's `summary_target`), then the first error of each field in the order the fields are drawn."""
    visible = form.visible_fields()
    first = getattr(form, "summary_target", "") or (_field_target(visible[0]) if visible else "")
    errors = [PageError(str(message), first) for message in form.non_field_errors()]
    for bound in form:
        if bound.errors and not bound.is_hidden:
            errors.append(PageError(str(bound.errors[0]), _field_target(bound)))
        elif bound.errors:
            errors.append(PageError(str(bound.errors[0]), first))
    return errors


def _page_errors(context: Context) -> list[PageError]:
    """Every error the page shows: those of each bound form in the context, once each, then
    any the view gives as `page_errors` (PageError, or (message, target) pairs)."""
    seen: set[int] = set()
    errors: list[PageError] = []
    for value in context.flatten().values():
        if isinstance(value, BaseForm) and id(value) not in seen:
            seen.add(id(value))
            if value.is_bound and value.errors:
                errors += form_errors(value)
    for item in context.get("page_errors") or ():
        errors.append(item if isinstance(item, PageError) else PageError(*item))
    unique: list[PageError] = []
    for error in errors:
        if error not in unique:
            unique.append(error)
    return unique


@register.inclusion_tag("includes/error_summary.html", takes_context=True)
def error_summary_of_page(context: Context) -> dict[str, Any]:
    """`{% error_summary_of_page %}`: the GOV.UK error summary at the top of `main`, listing
    every error of the page once, each linking to its field."""
    return {"errors": _page_errors(context)}


@register.simple_tag(takes_context=True)
def error_title_prefix(context: Context) -> str:
    """`Error: ` before the page's title when the page shows errors."""
    return "Error: " if _page_errors(context) else ""


@register.filter
def character_limit(bound: BoundField) -> int | None:
    """A text area's max_length, for its character count (templates/gds/field.html)."""
    field = getattr(bound, "field", None)
    if field is not None and isinstance(field.widget, Textarea):
        return getattr(field, "max_length", None)
    return None
