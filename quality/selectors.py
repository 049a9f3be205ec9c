"""Reads for the case-quality audit: the samples a user may see, one sample's cases, one case
with what the record suggests for each question, and the results by month. Every read starts
from the access layer (`cases.access`): a user sees the audit of the prisons where they hold
`quality.view_auditsample`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from cases import access
from cases.models import Allocation, Prison, Prisoner, Role, StaffMember
from cases.selectors import CASE_TYPE_LABELS
from quality import rules
from quality.models import AuditAnswer, AuditCase, AuditSample
from quality.prefill import suggestions

VIEW = "quality.view_auditsample"
REVIEW = "quality.review_case"
ASSIGN = "quality.assign_reviewer"
REVIEWER_ROLES = (Role.SENIOR_POM, Role.HEAD_OF_OMU)

__all__ = [
    "ASSIGN",
    "REVIEW",
    "VIEW",
    "CaseReview",
    "MonthResult",
    "QuestionView",
    "Results",
    "assignment_reviewers",
    "case_review",
    "get_audit_case_for_user",
    "latest_sample",
    "prison_results",
    "reviewer_choices",
    "sample_cases",
    "sample_for",
    "samples_for_user",
    "suggestions",
]


# --- Reviewers --------------------------------------------------------------------------------


def _reviewers(prison: Prison) -> QuerySet[User]:
    """Staff holding a reviewer role at the prison, not inactive, by id."""
    return (
        User.objects.filter(
            is_active=True, prison_roles__prison=prison, prison_roles__role__in=REVIEWER_ROLES
        )
        .exclude(staff__status=StaffMember.Status.INACTIVE)
        .distinct()
        .order_by("id")
    )


def assignment_reviewers(prison: Prison) -> list[User]:
    """Who a new sample is shared among: the prison's senior POMs and heads of OMU who are
    neither inactive nor on leave."""
    return list(_reviewers(prison).exclude(staff__status=StaffMember.Status.LEAVE))


def reviewer_choices(prison: Prison) -> list[User]:
    """Who a case may be given to: every reviewer at the prison not inactive (on leave too:
    the head of OMU decides)."""
    return list(_reviewers(prison).select_related("staff"))


def open_loads(prison: Prison, reviewer_ids: list[int]) -> dict[int, int]:
    """Audit cases each reviewer holds at the prison and has not finished (one query)."""
    rows = (
        AuditCase.objects.filter(sample__prison=prison, reviewer_id__in=reviewer_ids)
        .exclude(status=AuditCase.Status.COMPLETE)
        .values("reviewer_id")
        .annotate(n=Count("id"))
        .values_list("reviewer_id", "n")
    )
    return dict(rows)


def case_poms(prisoner_ids: list[int]) -> dict[int, frozenset[int]]:
    """Each case's POMs (primary and co-working), who should not review it (one query)."""
    found: dict[int, frozenset[int]] = {}
    for pk, primary, secondary in Allocation.objects.filter(
        prisoner_id__in=prisoner_ids
    ).values_list("prisoner_id", "primary_pom_id", "secondary_pom_id"):
        found[pk] = frozenset(p for p in (primary, secondary) if p is not None)
    return found


# --- Samples ----------------------------------------------------------------------------------


def samples_for_user(user: access.User) -> QuerySet[AuditSample]:
    """Samples of every prison where the user may see the audit, newest first, with counts."""
    return (
        AuditSample.objects.filter(prison__in=access.prisons_where(user, VIEW))
        .select_related("prison")
        .annotate(
            cases_count=Count("cases", distinct=True),
            complete_count=Count(
                "cases", filter=Q(cases__status=AuditCase.Status.COMPLETE), distinct=True
            ),
        )
        .order_by("-month", "prison__name")
    )


def sample_for(prison: Prison, month: dt.date) -> AuditSample | None:
    return (
        AuditSample.objects.filter(prison=prison, month=rules.month_of(month))
        .select_related("prison", "drawn_by")
        .first()
    )


def latest_sample(prison: Prison) -> AuditSample | None:
    return AuditSample.objects.filter(prison=prison).select_related("drawn_by").first()


def sample_cases(sample: AuditSample, *, reviewer: User | None = None) -> QuerySet[AuditCase]:
    """The sample's cases with their prisoner, reviewer and answers counted: one query."""
    qs = sample.cases.select_related("prisoner", "reviewer").annotate(answered=Count("answers"))
    if reviewer is not None:
        qs = qs.filter(reviewer=reviewer)
    return qs.order_by("case_type", "prisoner__last_name", "prisoner__first_name", "id")


def get_audit_case_for_user(user: access.User, pk: int, *, perm: str = VIEW) -> AuditCase:
    """An audit case of a prison where the user may see the audit (404 otherwise), and `perm`
    at that prison (403)."""
    try:
        audit_case = AuditCase.objects.select_related(
            "sample__prison",
            "reviewer",
            "prisoner__current_prison__policy",
            "prisoner__allocation",
        ).get(pk=pk, sample__prison__in=access.prisons_where(user, VIEW))
    except AuditCase.DoesNotExist as exc:
        raise Http404("No such audit case at your prisons.") from exc
    if not access.may(user, perm, audit_case.sample.prison):
        raise PermissionDenied
    return audit_case


# --- One case under review --------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionView:
    question: rules.Question
    suggestion: rules.Suggestion
    evidence: list[tuple[str, str]]  # (label, url) on the case's pages
    answer: AuditAnswer | None

    @property
    def suggested_label(self) -> str:
        return rules.JUDGEMENTS[self.suggestion.judgement]


@dataclass(frozen=True)
class CaseReview:
    audit_case: AuditCase
    questions: list[QuestionView]
    case_type_label: str

    @property
    def prisoner(self) -> Prisoner:
        return self.audit_case.prisoner


def evidence_links(prison_number: str) -> dict[str, list[tuple[str, str]]]:
    case = reverse("prisoner-detail", args=[prison_number])
    handover = reverse("handover-case", args=[prison_number])
    return {
        "bcs": [("Basic Custody Screening", reverse("bcs", args=[prison_number]))],
        "oasys": [("OASys and sentence plan", reverse("oasys", args=[prison_number]))],
        "contact": [
            ("Contact on the case page", f"{case}#contact-heading"),
            ("Case record", reverse("case-record", args=[prison_number])),
        ],
        "handover": [("Handover timeline", f"{handover}#timeline")],
        "public_protection": [("Handover checklist", f"{handover}#checklist")],
        "needs": [("Interventions and needs on the case page", f"{case}#interventions-heading")],
    }


def case_review(audit_case: AuditCase, *, today: dt.date) -> CaseReview:
    """The case with each question: what the record suggests, where to check it, and the
    answer given so far."""
    found = suggestions(audit_case.prisoner, today=today)
    links = evidence_links(audit_case.prisoner.prison_number)
    answers = {a.question: a for a in audit_case.answers.select_related("answered_by")}
    return CaseReview(
        audit_case=audit_case,
        questions=[
            QuestionView(q, found[q.code], links[q.code], answers.get(q.code))
            for q in rules.QUESTIONS
        ],
        case_type_label=CASE_TYPE_LABELS.get(audit_case.case_type, audit_case.case_type),
    )


# --- Results by month -------------------------------------------------------------------------


@dataclass
class MonthResult:
    month: dt.date
    drawn: bool = False
    cases: int = 0
    complete: int = 0
    judgements: dict[str, list[str]] = field(default_factory=dict)  # question -> judgements

    @property
    def label(self) -> str:
        return rules.month_label(self.month)

    @property
    def overall(self) -> rules.Score:
        return rules.score(j for values in self.judgements.values() for j in values)

    def by_question(self) -> list[tuple[rules.Question, rules.Score]]:
        return [(q, rules.score(self.judgements.get(q.code, []))) for q in rules.QUESTIONS]


@dataclass(frozen=True)
class Results:
    prison: Prison
    months: list[MonthResult]  # oldest first

    @property
    def latest(self) -> MonthResult:
        return self.months[-1]

    def question_trends(self) -> list[tuple[rules.Question, list[rules.Score]]]:
        return [
            (q, [rules.score(m.judgements.get(q.code, [])) for m in self.months])
            for q in rules.QUESTIONS
        ]


def prison_results(prison: Prison, *, month: dt.date, count: int = 12) -> Results:
    """The prison's audit for the `count` months ending with `month`: cases sampled and
    completed, and every judgement by question. Two queries, whatever the number of cases."""
    months = rules.months_back(month, count)
    by_month = {m: MonthResult(m) for m in months}
    for sample_month, total, complete in (
        AuditSample.objects.filter(prison=prison, month__in=months)
        .annotate(
            total=Count("cases"),
            done=Count("cases", filter=Q(cases__status=AuditCase.Status.COMPLETE)),
        )
        .values_list("month", "total", "done")
    ):
        row = by_month[sample_month]
        row.drawn, row.cases, row.complete = True, total, complete
    for sample_month, question, judgement in AuditAnswer.objects.filter(
        audit_case__sample__prison=prison, audit_case__sample__month__in=months
    ).values_list("audit_case__sample__month", "question", "judgement"):
        by_month[sample_month].judgements.setdefault(question, []).append(judgement)
    return Results(prison=prison, months=[by_month[m] for m in months])
