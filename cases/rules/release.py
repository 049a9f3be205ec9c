"""Release dates (docs/rules.md#release-dates): the earliest release date for handover, and the
release date staff see."""

from __future__ import annotations

from datetime import date

from cases.rules.facts import CaseFacts
from cases.rules.results import ReleaseDate
from cases.rules.words import day

KIND_NAMES: dict[str, str] = {
    "confirmed": "confirmed release date",
    "post_recall": "post-recall release date",
    "PED": "parole eligibility date",
    "ARD": "automatic release date",
    "CRD": "conditional release date",
    "TED": "tariff expiry date",
    "THD": "target hearing date",
    "APD": "actual parole date",
    "HDCAD": "home detention curfew actual date",
    "HDCED": "home detention curfew eligibility date",
}


def kind_label(kind: str | None) -> str:
    """A release date's kind in a bracket or a column: its abbreviation ("CRD"), or words for
    the two kinds that have none; never the code."""
    if kind is None:
        return ""
    return {"confirmed": "confirmed date", "post_recall": "post-recall date"}.get(kind, kind)


def earliest_release_date(facts: CaseFacts) -> ReleaseDate:
    """The earliest release date for handover (ERD, docs/rules.md#release-dates), fixed (not policy).

    Decision where the rules are silent: for a recall, the post-recall release date ranks just
    below a confirmed date and above the PED, because the PED belongs to the sentence before the
    recall.
    """
    d = facts.dates
    if d.confirmed_release_date is not None:
        return ReleaseDate(
            d.confirmed_release_date,
            "confirmed",
            f"Earliest release date {day(d.confirmed_release_date)}: the release date "
            "confirmed by the prison, which overrides every other date.",
        )
    if facts.indeterminate:
        return _indeterminate(facts)
    if facts.legal_status == "recalled" and d.post_recall_release_date is not None:
        return ReleaseDate(
            d.post_recall_release_date,
            "post_recall",
            f"Earliest release date {day(d.post_recall_release_date)}: the post-recall "
            "release date (recalled).",
        )
    if d.parole_eligibility_date is not None:
        return ReleaseDate(
            d.parole_eligibility_date,
            "PED",
            f"Earliest release date {day(d.parole_eligibility_date)}: the parole "
            "eligibility date (determinate sentence with a PED, whatever the other dates).",
        )
    return _determinate(d.automatic_release_date, d.conditional_release_date)


def _determinate(ard: date | None, crd: date | None) -> ReleaseDate:
    """The earlier of the automatic and conditional release dates (a tie is the ARD)."""
    if ard is not None and (crd is None or ard <= crd):
        other = (
            f", on or before the conditional release date {day(crd)}"
            if crd is not None
            else ", no conditional release date"
        )
        return ReleaseDate(
            ard,
            "ARD",
            f"Earliest release date {day(ard)}: the automatic release date "
            f"(determinate, no PED{other}).",
        )
    if crd is not None:
        other = (
            f", before the automatic release date {day(ard)}"
            if ard is not None
            else ", no automatic release date"
        )
        return ReleaseDate(
            crd,
            "CRD",
            f"Earliest release date {day(crd)}: the conditional release date "
            f"(determinate, no PED{other}).",
        )
    return ReleaseDate(
        None,
        None,
        "Release date unknown: no confirmed, post-recall, parole eligibility, automatic or "
        "conditional release date is recorded, so the sentence needs calculating.",
    )


def _indeterminate(facts: CaseFacts) -> ReleaseDate:
    today = facts.as_of
    ted = facts.dates.tariff_date
    thd = facts.dates.target_hearing_date
    if ted is not None and ted > today:
        return ReleaseDate(
            ted,
            "TED",
            f"Earliest release date {day(ted)}: the tariff expiry date, after today "
            f"{day(today)} (indeterminate sentence; the PED is ignored).",
        )
    if thd is not None and thd > today:
        passed = f"the tariff date {day(ted)} has passed" if ted else "no tariff date"
        return ReleaseDate(
            thd,
            "THD",
            f"Earliest release date {day(thd)}: the target hearing date, after today "
            f"{day(today)} (indeterminate sentence; {passed}).",
        )
    if ted is None and thd is None:
        return ReleaseDate(
            None,
            None,
            "Release date unknown: indeterminate sentence with neither a tariff expiry date nor "
            "a target hearing date recorded.",
        )
    # Neither is after today: take the one nearer to today (a tie goes to the tariff date).
    if thd is None or (ted is not None and today - ted <= today - thd):
        assert ted is not None
        chosen, kind = ted, "TED"
    else:
        chosen, kind = thd, "THD"
    return ReleaseDate(
        chosen,
        kind,
        f"Earliest release date {day(chosen)}: the {KIND_NAMES[kind]}, the nearer to "
        f"today {day(today)} of the tariff and target hearing dates, neither of which is "
        "after today (indeterminate sentence).",
    )


def displayed_release_date(facts: CaseFacts) -> ReleaseDate:
    """The release date staff see and lists sort by (docs/rules.md#release-dates, "Displayed release date").

    Decisions where the rules are silent: a recall's post-recall release date ranks just after a
    confirmed date (the CRD and ARD on record belong to the sentence before the recall); "future"
    in the fallback means on or after ``as_of``, so a PED that falls today is still shown.
    """
    d = facts.dates
    if d.confirmed_release_date is not None:
        return _shown(d.confirmed_release_date, "confirmed", "confirmed by the prison")
    if facts.legal_status == "recalled" and d.post_recall_release_date is not None:
        return _shown(d.post_recall_release_date, "post_recall", "recalled")
    if d.actual_parole_date is not None:
        return _shown(d.actual_parole_date, "APD", "no confirmed release date")
    if d.home_detention_curfew_actual_date is not None:
        return _shown(
            d.home_detention_curfew_actual_date, "HDCAD", "no confirmed or actual parole date"
        )
    if d.conditional_release_date is not None:
        return _shown(
            d.conditional_release_date, "CRD", "no confirmed, actual parole or HDC actual date"
        )
    if d.automatic_release_date is not None:
        return _shown(
            d.automatic_release_date, "ARD", "no confirmed, actual parole, HDC actual date or CRD"
        )
    today = facts.as_of
    best: date | None = None
    best_kind = ""
    for value, kind in (
        (d.parole_eligibility_date, "PED"),
        (d.home_detention_curfew_eligibility_date, "HDCED"),
        (d.tariff_date, "TED"),
    ):
        if value is not None and value >= today and (best is None or value < best):
            best, best_kind = value, kind
    if best is not None:
        return _shown(
            best,
            best_kind,
            "no release date set; the soonest of the PED, HDCED and tariff date still to come",
        )
    return ReleaseDate(
        None,
        None,
        "No release date to show: none of the confirmed, actual parole, HDC actual, conditional "
        "or automatic release dates is set, and no PED, HDCED or tariff date is still to come.",
    )


def _shown(value: date, kind: str, why: str) -> ReleaseDate:
    return ReleaseDate(value, kind, f"Release date {day(value)}: the {KIND_NAMES[kind]} ({why}).")
