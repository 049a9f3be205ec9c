"""Interventions rules (docs/rules.md#interventions-and-resettlement): eligibility, whether a
programme can finish in time, whether the prison runs it, and the order of a waiting list. Pure
functions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from cases.rules.dates import add_months
from cases.rules.release import kind_label
from cases.rules.results import Explained
from cases.rules.words import day, plural

Estate = Literal["any", "mens", "womens"]
ROSH_ORDER = ("low", "medium", "high", "very_high")
# The pre-release window opens this many weeks before the displayed release date.
PRE_RELEASE_WEEKS = 12


@dataclass(frozen=True, slots=True)
class Criteria:
    """Who can be referred. Empty `rosh_levels` means any; None months means no limit."""

    rosh_levels: frozenset[str] = frozenset()
    min_sentence_months: int | None = None
    max_sentence_months: int | None = None
    estate: Estate = "any"


def sentence_months(start: date, end: date) -> int:
    """Whole calendar months from `start` to `end`, counted as the deadlines add months
    (docs/rules.md#counting-rules, clamped to the month end): 31 January to 28 February is one
    month, to 27 February none."""
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
    indeterminate: bool = False,
) -> Explained[bool]:
    """Whether the prisoner can be referred; the explanation names every criterion not met.

    An indeterminate sentence has no expiry date: it meets any minimum length and exceeds any
    maximum."""
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
    if limits and indeterminate:
        if criteria.max_sentence_months is not None:
            problems.append(
                f"an indeterminate sentence is longer than the "
                f"{criteria.max_sentence_months}-month limit"
            )
    elif limits:
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
            (
                release,
                f"the earliest release date ({kind_label(release_kind)})"
                if release_kind
                else "release",
            ),
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
            f"Finishes on {day(last)}, before {what} on {day(deadline)} (starts {day(start)}, "
            f"{plural(duration_days, 'day')}).",
        )
    return Explained(
        False,
        f"Cannot finish in time: it starts on {day(start)} and runs {plural(duration_days, 'day')} "
        f"to {day(last)}, but {what} is on {day(deadline)}.",
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
            return entry.parole_hearing, f"parole hearing {day(entry.parole_hearing)}"
        if entry.release is not None:
            return entry.release, f"release {day(entry.release)}"
        return None, "no release date known"

    ranked = sorted(
        entries, key=lambda e: (deadline(e)[0] is None, deadline(e)[0] or date.max, e.key)
    )
    return [(e, f"Ranked by {deadline(e)[1]}") for e in ranked]


# --- Putting the checks together: what the referral page, the waiting list and the API show --

# Referral statuses (the values of `Referral.Status`), kept here so the rules stay ORM-free.
IDENTIFIED, REFERRED, SUITABLE, NOT_SUITABLE = (
    "identified",
    "referred",
    "assessed_suitable",
    "assessed_not_suitable",
)
WAITING, STARTED, COMPLETED, NOT_COMPLETED, WITHDRAWN = (
    "waiting",
    "started",
    "completed",
    "not_completed",
    "withdrawn",
)

# action -> (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "refer": (frozenset({IDENTIFIED}), REFERRED),
    "assess_suitable": (frozenset({REFERRED}), SUITABLE),
    "assess_not_suitable": (frozenset({REFERRED}), NOT_SUITABLE),
    "place": (frozenset({SUITABLE, WAITING}), WAITING),
    "start": (frozenset({WAITING}), STARTED),
    "complete": (frozenset({STARTED}), COMPLETED),
    "not_complete": (frozenset({STARTED}), NOT_COMPLETED),
    "withdraw": (frozenset({IDENTIFIED, REFERRED, SUITABLE, WAITING}), WITHDRAWN),
}
ACTION_NAMES = {
    "refer": "refer",
    "assess_suitable": "assess as suitable",
    "assess_not_suitable": "assess as not suitable",
    "place": "place in a cohort",
    "start": "start",
    "complete": "complete",
    "not_complete": "record as not completed",
    "withdraw": "withdraw",
}


@dataclass(frozen=True, slots=True)
class Move:
    allowed: bool
    repeat: bool  # already in the status the action leads to: nothing to do
    to: str
    explanation: str


def transition(current: str, action: str) -> Move:
    """Whether `action` may move a referral from `current`. Repeating the move that led to the
    current status is harmless (`repeat`), except `place`, which also moves between cohorts."""
    sources, target = TRANSITIONS[action]
    label = current.replace("_", " ")
    if current in sources:
        return Move(True, False, target, f"A {label} referral can {ACTION_NAMES[action]}.")
    if current == target:
        return Move(True, True, target, f"Already {label}: nothing to do.")
    return Move(
        False,
        False,
        target,
        f"A {label} referral cannot {ACTION_NAMES[action]}; "
        f"only a referral that is {' or '.join(sorted(s.replace('_', ' ') for s in sources))} can.",
    )


@dataclass(frozen=True, slots=True)
class CohortSlot:
    key: int | None
    start: date
    places_left: int


def next_cohort(
    cohorts: Iterable[CohortSlot], *, today: date, starts_on_request: bool
) -> Explained[CohortSlot | None]:
    """The cohort a new referral would join: the first starting today or later with a place.

    An in-cell workbook has no cohorts: it starts the day it is handed over (today)."""
    if starts_on_request:
        return Explained(
            CohortSlot(None, today, 0), f"Starts when handed over: {day(today)} at the earliest."
        )
    upcoming = sorted((c for c in cohorts if c.start >= today), key=lambda c: (c.start, c.key))
    with_places = [c for c in upcoming if c.places_left > 0]
    if with_places:
        slot = with_places[0]
        skipped = upcoming.index(slot)  # full cohorts starting sooner
        full = f" ({plural(skipped, 'earlier cohort')} full)" if skipped else ""
        return Explained(
            slot,
            f"Next cohort with a place starts {day(slot.start)}, "
            f"{plural(slot.places_left, 'place')} left{full}.",
        )
    if upcoming:
        return Explained(
            None, f"Every planned cohort is full (the next starts {day(upcoming[0].start)})."
        )
    return Explained(None, "No cohort is planned.")


@dataclass(frozen=True, slots=True)
class Check:
    key: str  # "eligibility", "prison", "cohort", "fit"
    title: str
    ok: bool | None  # None: cannot tell (missing dates), never blocks
    explanation: str


@dataclass(frozen=True, slots=True)
class Assessment:
    checks: tuple[Check, ...]

    @property
    def blocked(self) -> bool:
        """A failed check stops the referral: warnings stop impossible referrals."""
        return any(c.ok is False for c in self.checks)

    @property
    def overridable(self) -> bool:
        """Blocked, but only by checks a head of OMU may override with a reason. A prison that
        does not run the programme can never take the referral: refer where it runs."""
        return self.blocked and all(c.ok is not False for c in self.checks if c.key == "prison")

    @property
    def failures(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.ok is False)

    def summary(self) -> str:
        return " ".join(c.explanation for c in self.checks)


def assess_referral(
    *,
    eligible: Explained[bool],
    runs_here: Explained[bool],
    slot: Explained[CohortSlot | None],
    duration_days: int,
    release: date | None,
    release_kind: str | None,
    parole_hearing: date | None,
) -> Assessment:
    """Every check on a referral, in the order staff read them: who it is for, where it runs,
    when it starts, and whether it can finish before release or the parole hearing."""
    cohort_known = slot.value is not None
    fit = fits_before_release(
        start=slot.value.start if slot.value else None,
        duration_days=duration_days,
        release=release,
        release_kind=release_kind,
        parole_hearing=parole_hearing,
    )
    return Assessment(
        (
            Check("eligibility", "Eligibility", eligible.value, eligible.explanation),
            Check("prison", "Runs at this prison", runs_here.value, runs_here.explanation),
            Check("cohort", "Start", True if cohort_known else None, slot.explanation),
            Check("fit", "Finishes in time", fit.value, fit.explanation),
        )
    )


def parole_hearing(target_hearing_date: date | None, *, today: date) -> date | None:
    """The parole hearing a programme must finish before: the target hearing date, if it is
    still to come. (A PED is already the earliest release date of a determinate parole case.)"""
    if target_hearing_date is not None and target_hearing_date >= today:
        return target_hearing_date
    return None


def pre_release(
    release: date | None, *, today: date, weeks: int = PRE_RELEASE_WEEKS
) -> Explained[bool]:
    """Whether a prisoner is in the pre-release window: from `weeks` weeks before the displayed
    release date up to and including the day of release."""
    if release is None:
        return Explained(False, "No release date: not in the pre-release window.")
    opens = release - timedelta(weeks=weeks)
    if opens <= today <= release:
        return Explained(
            True,
            f"Release on {day(release)}: the pre-release window opened on {day(opens)}, "
            f"{plural(weeks, 'week')} before.",
        )
    if today < opens:
        return Explained(
            False, f"Release on {day(release)}: the pre-release window opens on {day(opens)}."
        )
    return Explained(False, f"Release date {day(release)} has passed.")
