"""Case-quality audit pages. Thin: a selector or one service, then render or redirect.

The sample and results pages answer for the prison the user is working in; a case's review
lets in whoever reviews at one prison at least and then checks the case's own prison (404 for
a prison the user does not audit, 403 where they may see it but not do this).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cases import access
from cases.forms import add_service_error
from quality import exports, rules, selectors, services
from quality.forms import DrawForm, ReassignForm, ReviewForm, SampleFilterForm
from quality.models import AuditCase
from quality.selectors import ASSIGN, REVIEW, VIEW


class StaffRequest(HttpRequest):
    user: User


def _month(text: str, default: dt.date) -> dt.date:
    try:
        return rules.parse_month(text) if text else default
    except ValueError:
        return default


def _sample_url(month: dt.date) -> str:
    return f"{reverse('quality-sample')}?month={month:%Y-%m}"


@access.prison_permission(VIEW)
@require_GET
def sample(request: StaffRequest) -> HttpResponse:
    prison = access.working_prison(request)
    form = SampleFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    latest = selectors.latest_sample(prison)
    this_month = rules.month_of(timezone.localdate())
    month = _month(values.get("month", ""), latest.month if latest else this_month)
    drawn = selectors.sample_for(prison, month)
    if drawn is not None and request.GET.get("format") == "csv":
        return exports.sample_csv(drawn)
    cases: QuerySet[AuditCase] | list[AuditCase] = []
    if drawn is not None:
        cases = selectors.sample_cases(drawn, reviewer=request.user if values.get("mine") else None)
    context = {
        "prison": prison,
        "month": month,
        "month_label": rules.month_label(month),
        "sample": drawn,
        "page": Paginator(cases, settings.PAGE_SIZE).get_page(request.GET.get("page")),
        "draw_form": DrawForm(initial={"month": f"{month:%Y-%m}"}),
        "may_draw": drawn is None
        and month <= this_month
        and access.may(request.user, ASSIGN, prison),
        "months": selectors.samples_for_user(request.user).filter(prison=prison)[:12],
        "question_count": len(rules.QUESTIONS),
    }
    return render(request, "quality/sample.html", context)


@access.prison_permission(ASSIGN)
@require_POST
def draw(request: StaffRequest) -> HttpResponse:
    prison = access.working_prison(request)
    form = DrawForm(request.POST)
    if not form.is_valid():
        raise PermissionDenied  # a hidden field only a changed page gets wrong
    month = rules.parse_month(form.cleaned_data["month"])
    if month > rules.month_of(timezone.localdate()):
        raise PermissionDenied
    drawn_sample, drawn = services.audit_sample_draw(
        prison=prison, month=month, acting_user=request.user
    )
    if drawn:
        messages.success(request, f"Sample drawn: {drawn_sample.cases.count()} cases.")
    return redirect(_sample_url(month))


@access.permission_anywhere(REVIEW)
def review(request: StaffRequest, pk: int) -> HttpResponse:
    audit_case = selectors.get_audit_case_for_user(request.user, pk, perm=REVIEW)
    case_review = selectors.case_review(audit_case, today=timezone.localdate())
    may_answer = services.may_answer(request.user, audit_case)
    form = ReviewForm(request.POST or None, review=case_review)
    if request.method == "POST":
        if not may_answer:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.audit_answers_save(
                    audit_case=audit_case, acting_user=request.user, answers=form.answers()
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, "Answers saved.")
                return redirect(_sample_url(audit_case.sample.month))
    context = {
        "review": case_review,
        "audit_case": audit_case,
        "form": form,
        "may_answer": may_answer,
        "may_assign": access.may(request.user, ASSIGN, audit_case.sample.prison),
        "month_label": rules.month_label(audit_case.sample.month),
    }
    return render(request, "quality/review.html", context)


@access.permission_anywhere(ASSIGN)
def reassign(request: StaffRequest, pk: int) -> HttpResponse:
    audit_case = selectors.get_audit_case_for_user(request.user, pk, perm=ASSIGN)
    reviewers = selectors.reviewer_choices(audit_case.sample.prison)
    initial = {"reviewer": str(audit_case.reviewer_id or "")}
    form = ReassignForm(request.POST or None, initial=initial, reviewers=reviewers)
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_case_reassign(
                audit_case=audit_case,
                reviewer=form.chosen(),
                acting_user=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Reviewer changed.")
            return redirect(_sample_url(audit_case.sample.month))
    context = {"audit_case": audit_case, "form": form}
    return render(request, "quality/reassign.html", context)


@access.prison_permission(VIEW)
@require_GET
def results(request: StaffRequest) -> HttpResponse:
    prison = access.working_prison(request)
    month = _month(request.GET.get("month", ""), rules.month_of(timezone.localdate()))
    found = selectors.prison_results(prison, month=month)
    if request.GET.get("format") == "csv":
        return exports.results_csv(found)
    context = {"results": found, "prison": prison, "judgements": rules.JUDGEMENTS}
    return render(request, "quality/results.html", context)
