"""A case's handover timeline: its dated milestones in order, with today marked among them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from cases.rules import kind_label
from handover import rules
from handover.models import ParoleReview
from handover.selectors.assessment import Assessment


@dataclass(frozen=True)
class TimelineEntry:
    day: dt.date
    title: str
    explanation: str
    when: str  # past, today or future


def timeline(
    entries: Iterable[tuple[dt.date | None, str, str]], *, today: dt.date
) -> list[TimelineEntry]:
    """Dated milestones in date order, with today marked among them."""
    dated = sorted((d, title, why) for d, title, why in entries if d is not None)
    result: list[TimelineEntry] = []
    marked = False
    for day, title, why in dated:
        if not marked and day > today:
            result.append(TimelineEntry(today, "Today", "", "today"))
            marked = True
        result.append(TimelineEntry(day, title, why, "past" if day < today else "future"))
    if not marked:
        result.append(TimelineEntry(today, "Today", "", "today"))
    return result


_TIMELINE_DATES = {
    "parole_eligibility_date": "Parole eligibility date (PED)",
    "tariff_date": "Tariff expiry date (TED)",
    "target_hearing_date": "Target hearing date (THD)",
    "home_detention_curfew_eligibility_date": "HDC eligibility date (HDCED)",
    "home_detention_curfew_actual_date": "HDC actual date (HDCAD)",
    "sentence_expiry_date": "Sentence expiry date (SED)",
    "licence_expiry_date": "Licence expiry date (LED)",
}

Entry = tuple[dt.date | None, str, str]


def case_timeline(a: Assessment, reviews: Iterable[ParoleReview]) -> list[TimelineEntry]:
    """The sentence, the handover dates, the sentence's key dates, the first checks due, parole
    hearings and release."""
    ev = a.evaluation
    ho = ev.handover
    entries: list[Entry] = [
        (a.sentence_start, "Sentenced", "The sentence date of the current sentence."),
        (ho.com_allocation_date, "COM allocated", ho.explanation),
        (ho.handover_date, "Handover to the COM", ho.explanation),
    ]
    if ho.com_allocation_date == ho.handover_date:
        entries.pop(1)  # one milestone, explained once
    for name, label in _TIMELINE_DATES.items():
        entries.append((a.key_dates[name], label, f"Recorded on the sentence: {label}."))
    entries += _first_checks_due(a)
    for review in reviews:
        outcome = f": {review.get_outcome_display()}" if review.outcome else ""
        entries.append((review.hearing_date, f"Parole hearing{outcome}", review.notes or ""))
    release = ev.display_release_date
    if release.date:
        entries.append((release.date, f"Release ({kind_label(release.kind)})", release.explanation))
    erd = ev.earliest_release_date
    if erd.date and erd.date != release.date:
        entries.append(
            (erd.date, f"Earliest release date ({kind_label(erd.kind)})", erd.explanation)
        )
    return timeline(entries, today=ev.as_of)


def _first_checks_due(a: Assessment) -> list[Entry]:
    """The first public-protection and resettlement checks due."""
    firsts: dict[str, tuple[dt.date, str]] = {}
    for item in a.items:
        day = item.due.value
        section = item.definition.section
        if (
            day
            and section in ("public_protection", "resettlement")
            and (section not in firsts or day < firsts[section][0])
        ):
            firsts[section] = (day, item.due.explanation)
    return [
        (day, f"{rules.SECTION_LABELS[section]} checks due", why)
        for section, (day, why) in firsts.items()
    ]
