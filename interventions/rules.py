"""Interventions rules (omic-rules.md section 7): eligibility, whether a programme can finish
in time, whether the prison runs it, and the order of a waiting list. Pure functions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from cases.rules.dates import add_months
from cases.rules.results import Explained

Estate = Literal["any", "mens", "womens"]
ROSH_ORDER = ("low", "medium", "high", "very_high")


@dataclass(frozen=True, slots=True)
class Criteria:
    """Who can be referred. Empty `rosh_levels` means any; None months means no limit."""

    rosh_levels: frozenset[str] = frozenset()
    min_sentence_months: int | None = None
    max_sentence_months: int | None = None
    estate: Estate = "any"


def sentence_months(start: date, end: date) -> int:
    """Whole calendar months from `start` to `end`, counted as section 5 adds months (clamped
    to the month end): 31 January to 28 February is one month, to 27 February none."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if add_months(start, months) > end:
        months -= 1
    return max(months, 0)


def eligibility(
    criteria: Criteria,
    *,
    rosh: str | None,
    sentence_start: date | None,
    sentence_expiry: date | None,
    womens_estate: bool,
) -> Explained[bool]:
    """Whether the prisoner can be referred; the explanation names every criterion not met."""
    problems: list[str] = []
    if criteria.rosh_levels:
        if rosh is None:
            problems.append("no ROSH is recorded")
        elif rosh not in criteria.rosh_levels:
            allowed = ", ".join(
                r.replace("_", " ") for r in ROSH_ORDER if r in criteria.rosh_levels
            )
            problems.append(f"ROSH {rosh.replace('_', ' ')} is not one of {allowed}")
    limits = criteria.min_sentence_months is not None or criteria.max_sentence_months is not None
    if limits:
        if sentence_start is None or sentence_expiry is None:
            problems.append("the sentence length is not known (no sentence or expiry date)")
        else:
            months = sentence_months(sentence_start, sentence_expiry)
            low, high = criteria.min_sentence_months, criteria.max_sentence_months
            if low is not None and months < low:
                problems.append(
                    f"a {months}-month sentence is shorter than the {low} months needed"
                )
            if high is not None and months > high:
                problems.append(f"a {months}-month sentence is longer than the {high}-month limit")
    if criteria.estate == "womens" and not womens_estate:
        problems.append("it is for the women's estate")
    if criteria.estate == "mens" and womens_estate:
        problems.append("it is for the men's estate")
    if problems:
        return Explained(False, "Not eligible: " + "; ".join(problems) + ".")
    return Explained(True, "Eligible: meets the programme's risk, sentence and estate criteria.")


def finish_date(start: date, duration_days: int) -> date:
    """The last day of a programme of `duration_days` days starting on `start`."""
    return start + timedelta(days=max(duration_days, 1) - 1)


def fits_before_release(
    *,
    start: date | None,
    duration_days: int,
    release: date | None,
    release_kind: str | None = None,
    parole_hearing: date | None = None,
) -> Explained[bool | None]:
    """Can the programme finish before the prisoner leaves, or before the parole hearing
    (whichever comes first: the board needs to see it completed)? The last day must be before
    the deadline: nobody attends a session on the day they are released or heard."""
    if start is None:
        return Explained(None, "No cohort start date: cannot check whether it finishes in time.")
    candidates = [
        (d, what)
        for d, what in (
            (parole_hearing, "the parole hearing"),
            (release, f"the earliest release date ({release_kind})" if release_kind else "release"),
        )
        if d is not None
    ]
    if not candidates:
        return Explained(None, "No release date or parole hearing known: cannot check the fit.")
    deadline, what = min(candidates)
    last = finish_date(start, duration_days)
    if last < deadline:
        return Explained(
            True,
            f"Finishes on {last}, before {what} on {deadline} (starts {start}, "
            f"{duration_days} days).",
        )
    return Explained(
        False,
        f"Cannot finish in time: it starts on {start} and runs {duration_days} days to "
        f"{last}, but {what} is on {deadline}.",
    )


def runs_at_prison(prison_code: str, running_at: Iterable[str]) -> Explained[bool]:
    """A prisoner must never be moved for a programme the receiving prison does not run."""
    codes = sorted(set(running_at))
    if prison_code in codes:
        return Explained(True, f"Runs at {prison_code}.")
    where = ", ".join(codes) if codes else "no prison"
    return Explained(False, f"Not run at {prison_code}; it runs at {where}.")


@dataclass(frozen=True, slots=True)
class WaitingEntry:
    key: int
    release: date | None
    parole_hearing: date | None


def waiting_list_order(entries: Iterable[WaitingEntry]) -> list[tuple[WaitingEntry, str]]:
    """Soonest first by parole hearing (parole cases) or release date; unknown dates last.
    Each entry comes with the reason for its place."""

    def deadline(entry: WaitingEntry) -> tuple[date | None, str]:
        if entry.parole_hearing is not None:
            return entry.parole_hearing, f"parole hearing {entry.parole_hearing}"
        if entry.release is not None:
            return entry.release, f"release {entry.release}"
        return None, "no release date known"

    ranked = sorted(
        entries, key=lambda e: (deadline(e)[0] is None, deadline(e)[0] or date.max, e.key)
    )
    return [(e, f"Ranked by {deadline(e)[1]}") for e in ranked]
