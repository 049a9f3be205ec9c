"""The unit's figures: dashboard, comparison between prisons, lists behind a figure, monthly
report."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases import access, extensions, figures, selectors
from cases.access import StaffRequest
from cases.exports import csv_response
from cases.forms import MonthlyReportForm
from cases.models import Prison

PAGE_SIZE = settings.PAGE_SIZE


def _figures_prison(request: StaffRequest) -> Prison:
    """The working prison, if the user may see its unit figures (a POM only where the prison's
    policy allows); 403 otherwise."""
    prison = access.working_prison(request)
    if not access.sees_unit_figures(request.user, prison):
        raise PermissionDenied(
            f"{access.roles_needed('cases.view_dashboard', prison)} A POM can see the unit's figures "
            "too where the prison's policy allows it."
        )
    return prison


@require_GET
def dashboard(request: StaffRequest) -> HttpResponse:
    prison = _figures_prison(request)
    board = figures.dashboard(prison, today=timezone.localdate())
    tiles = board.tiles
    if request.GET.get("format") == "csv":
        rows = [
            (
                t.figure.label,
                t.figure.value,
                t.figure.numerator,
                t.figure.denominator,
                t.figure.target,
                t.figure.explanation,
            )
            for t in tiles
        ]
        header = ("figure", "value", "numerator", "denominator", "target", "explanation")
        return csv_response(f"omic-figures-{prison.code}.csv", header, rows)
    context = {
        "prison": prison,
        "board": board,
        "caseload_links": access.sees_others_caseloads(request.user, prison),
    }
    return render(request, "cases/dashboard.html", context)


@require_GET
def prison_comparison(request: StaffRequest) -> HttpResponse:
    """The unit figures of every prison the user may see, side by side, from the snapshots."""
    prisons = access.figure_prisons(request.user)
    if not prisons.exists():
        raise PermissionDenied
    rows = figures.prison_comparison(prisons, today=timezone.localdate())
    columns = list(figures.COMPARISON_COLUMNS.items())
    if request.GET.get("format") == "csv":
        header = ("prison_code", "prison", "as_at", *figures.COMPARISON_COLUMNS)
        lines = (
            (r.prison.code, r.prison.name, r.day, *(c.value if c else None for c in r.cells))
            for r in rows
        )
        return csv_response("omic-figures-by-prison.csv", header, lines)
    context = {"rows": rows, "columns": columns, "no_snapshot": figures.no_snapshot_yet()}
    return render(request, "cases/prison_comparison.html", context)


@require_GET
def figure_cases(request: StaffRequest, key: str) -> HttpResponse:
    """A figure's own page: today's value, its definition, its trend, and the cases behind it
    (or a link to the list behind it, for a figure that does not count cases)."""
    prison = _figures_prison(request)
    today = timezone.localdate()
    figure = figures.figure_by_key(figures.prison_figures(prison, today=today), key)
    if figure is None:
        raise Http404("No such figure.")
    tile = figures.Tile(figure, figures.trends(prison, today=today, keys=[key]).get(key, []))
    context = {"figure": figure, "tile": tile, "prison": prison, "page": None}
    if figure.case_ids is None:
        if request.GET.get("format") == "csv":
            raise Http404("This figure does not count cases.")
        return render(request, "cases/figure_cases.html", context)
    qs = selectors.prisoner_list(
        request.user,
        prisons=[prison],
        filters=selectors.PrisonerListFilters(sort="release"),
        today=today,
    ).filter(pk__in=figure.case_ids)
    if request.GET.get("format") == "csv":
        columns = ("prison_number", "last_name", "first_name", "display_release_date")
        rows = qs.values_list(*columns)
        return csv_response(
            f"{key}-{prison.code}.csv", ("prison_number", "surname", "first_name", "release"), rows
        )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context["page"] = page
    context["actions"] = [
        a for a in extensions.case_actions(key) if access.may(request.user, a.perm, prison)
    ]
    # A list of cases none of which has a POM (the cases without one) shows no POM column.
    context["shows_pom"] = any((p.pom_name or "").strip() for p in page.object_list)
    return render(request, "cases/figure_cases.html", context)


@require_GET
def monthly_report(request: StaffRequest) -> HttpResponse:
    prison = _figures_prison(request)
    today = timezone.localdate()
    form = MonthlyReportForm(request.GET or None, months=figures.report_months(prison, today=today))
    month = form.chosen()
    rows = figures.monthly_report(prison, month=month, today=today)
    context = {"prison": prison, "rows": rows, "month": month, "today": today, "form": form}
    return render(request, "cases/monthly_report.html", context)
