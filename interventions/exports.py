"""CSV downloads of the interventions lists: the same rows the pages show, from the same
selectors."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import HttpResponse

from cases.exports import csv_response
from interventions.models import Referral
from interventions.selectors import NearReleaseRow, ReferralRow


def _problems(row: ReferralRow) -> str:
    if row.assessment is None:
        return ""
    return " ".join(c.explanation for c in row.assessment.failures)


def referral_rows_csv(
    filename: str, rows: Iterable[ReferralRow], *, ranked: bool = False
) -> HttpResponse:
    header = [
        "prison_number",
        "surname",
        "first_name",
        "intervention",
        "status",
        "cohort_start",
        "release_date",
        "release_kind",
        "parole_hearing",
        "warnings",
    ]
    if ranked:
        header = ["rank", *header, "ranked_by"]
    out = []
    for n, row in enumerate(rows, start=1):
        r, facts = row.referral, row.facts
        values: list[object] = [
            r.prisoner.prison_number,
            r.prisoner.last_name,
            r.prisoner.first_name,
            r.offering.intervention.name,
            r.get_status_display(),
            r.cohort.start_date if r.cohort_id else None,
            facts.release.date if facts else None,
            facts.release.kind if facts else None,
            facts.parole_hearing if facts else None,
            _problems(row),
        ]
        out.append([n, *values, row.rank_reason] if ranked else values)
    return csv_response(filename, header, out)


def completions_csv(filename: str, qs: QuerySet[Referral]) -> HttpResponse:
    header = (
        "prison_number",
        "surname",
        "first_name",
        "intervention",
        "status",
        "started_on",
        "ended_on",
        "outcome_or_reason",
    )
    rows = (
        (
            r.prisoner.prison_number,
            r.prisoner.last_name,
            r.prisoner.first_name,
            r.offering.intervention.name,
            r.get_status_display(),
            r.started_on,
            r.ended_on,
            r.outcome
            or " ".join(filter(None, [r.get_not_completed_reason_display(), r.end_detail])),
        )
        for r in qs
    )
    return csv_response(filename, header, rows)


def pre_release_csv(filename: str, rows: Iterable[NearReleaseRow]) -> HttpResponse:
    header = (
        "prison_number",
        "surname",
        "first_name",
        "release_date",
        "need",
        "status",
        "owner",
        "identified_on",
        "last_update",
    )
    out = [
        (
            row.prisoner.prison_number,
            row.prisoner.last_name,
            row.prisoner.first_name,
            row.release.date,
            need.get_area_display(),
            need.get_status_display(),
            need.get_owner_display(),
            need.identified_on,
            need.last_update,  # type: ignore[attr-defined]
        )
        for row in rows
        for need in row.needs
    ]
    return csv_response(filename, header, out)
