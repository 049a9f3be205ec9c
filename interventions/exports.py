"""CSV downloads of the interventions lists: the same rows the pages show, from the same
selectors."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import HttpResponse

from cases.exports import csv_response
from interventions.models import Intervention, Offering, Referral
from interventions.selectors.lists import NearReleaseRow
from interventions.selectors.offerings import DirectoryRow, NationalRow
from interventions.selectors.referrals import ReferralRow


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
            r.cohort.start_date if r.cohort else None,
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
            need.last_update,
        )
        for row in rows
        for need in row.needs
    ]
    return csv_response(filename, header, out)


def _areas(intervention: Intervention) -> str:
    return ", ".join(a.get_area_display() for a in intervention.need_areas.all())


def directory_csv(filename: str, rows: Iterable[DirectoryRow]) -> HttpResponse:
    """A prison's directory: one row per intervention it offers, with the next start."""
    header = (
        "intervention",
        "kind",
        "provider",
        "running",
        "need_areas",
        "who_it_is_for",
        "length",
        "next_start",
        "next_start_explanation",
        "queued",
    )
    out = []
    for row in rows:
        o, slot = row.offering, row.next_start.value
        out.append(
            (
                o.intervention.name,
                o.intervention.get_kind_display(),
                o.intervention.provider,
                "Running" if o.running else "Not running",
                _areas(o.intervention),
                row.who,
                row.length,
                slot.start if slot else None,
                row.next_start.explanation,
                o.queued,  # type: ignore[attr-defined]  # annotated by `selectors.directory`
            )
        )
    return csv_response(filename, header, out)


def _prisons(offerings: Iterable[Offering]) -> str:
    return "; ".join(f"{o.prison.name} ({o.prison.code})" for o in offerings)


def national_csv(filename: str, rows: Iterable[NationalRow]) -> HttpResponse:
    """Which prisons run each intervention: one row per intervention in the catalogue."""
    header = ("intervention", "kind", "need_areas", "runs_at", "paused_at")
    out = (
        (
            row.intervention.name,
            row.intervention.get_kind_display(),
            _areas(row.intervention),
            _prisons(row.running),
            _prisons(row.paused),
        )
        for row in rows
    )
    return csv_response(filename, header, out)
