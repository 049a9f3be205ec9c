"""CSV downloads of the case-quality audit: a month's sample with every answer, and the
results by month and question."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import HttpResponse

from cases.exports import csv_response
from cases.text import display_name
from quality import rules
from quality.models import AuditSample
from quality.selectors import Results

SAMPLE_HEADER = (
    "prison",
    "month",
    "prison_number",
    "surname",
    "first_name",
    "case_type",
    "reviewer",
    "status",
    "question",
    "judgement",
    "suggested_from_record",
    "note",
)
RESULTS_HEADER = (
    "prison",
    "month",
    "question",
    "cases_sampled",
    "cases_complete",
    "met",
    "partly_met",
    "not_met",
    "not_applicable",
    "score_percent",
)


def _sample_rows(sample: AuditSample) -> Iterator[tuple[object, ...]]:
    cases = sample.cases.select_related("prisoner", "reviewer").prefetch_related("answers")
    for c in cases.order_by("case_type", "prisoner__last_name", "id"):
        start = (
            sample.prison.code,
            f"{sample.month:%Y-%m}",
            c.prisoner.prison_number,
            c.prisoner.last_name,
            c.prisoner.first_name,
            c.case_type,
            display_name(c.reviewer),
            c.get_status_display(),
        )
        answers = {a.question: a for a in c.answers.all()}
        if not answers:
            yield (*start, "", "", "", "")
        for code in rules.QUESTION_CODES:
            a = answers.get(code)
            if a is not None:
                yield (*start, code, a.judgement, a.suggested, a.note)


def sample_csv(sample: AuditSample) -> HttpResponse:
    """One row per answer (a case with none yet: one row without); three queries."""
    filename = f"case-audit-{sample.prison.code}-{sample.month:%Y-%m}.csv"
    return csv_response(filename, SAMPLE_HEADER, _sample_rows(sample))


def _results_rows(results: Results) -> Iterator[tuple[object, ...]]:
    for month in results.months:
        if not month.drawn:
            continue
        scores = [("all", month.overall)] + [(q.code, s) for q, s in month.by_question()]
        for code, s in scores:
            yield (
                results.prison.code,
                f"{month.month:%Y-%m}",
                code,
                month.cases,
                month.complete,
                s.met,
                s.partly_met,
                s.not_met,
                s.not_applicable,
                s.percent,
            )


def results_csv(results: Results) -> HttpResponse:
    filename = f"case-audit-results-{results.prison.code}.csv"
    return csv_response(filename, RESULTS_HEADER, _results_rows(results))
