"""The case-quality audit's rules: drawing the month's sample, sharing it among reviewers, the
questions and what the record suggests for each, and how answers roll up. Pure: no Django, no
clock, no database; every suggestion carries the sentence that explains it.

The sample is stratified by case type: each stratum gets its share of the sample in proportion
to its size (largest remainder, ties to the larger stratum, then by name), and the cases of each
stratum are drawn by a generator seeded from the prison, the month and the sample's seed. The
same population, prison, month and seed give the same sample, whatever order the cases come in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from cases.rules import add_months

Judgement = Literal["met", "partly_met", "not_met", "not_applicable"]
JUDGEMENTS: dict[str, str] = {
    "met": "Met",
    "partly_met": "Partly met",
    "not_met": "Not met",
    "not_applicable": "Not applicable",
}
# Weight of each judgement in the quality score; not applicable is left out of it.
SCORE_WEIGHTS: dict[str, float] = {"met": 1.0, "partly_met": 0.5, "not_met": 0.0}
NOTE_MAX_LENGTH = 1000


@dataclass(frozen=True)
class Question:
    code: str
    short: str
    text: str
    hint: str


QUESTIONS: tuple[Question, ...] = (
    Question(
        "bcs",
        "BCS",
        "Was the Basic Custody Screening done on time and used?",
        "Completed by its deadline, and the needs it found were followed up.",
    ),
    Question(
        "oasys",
        "OASys",
        "Is there a current OASys and sentence plan?",
        "An OASys within the review period, with its sentence plan, where one is due.",
    ),
    Question(
        "contact",
        "Contact",
        "Has the POM had meaningful contact at the expected frequency?",
        "Monthly for high or very high risk of serious harm, quarterly otherwise.",
    ),
    Question(
        "handover",
        "Handover",
        "Was the handover timely, with the COM involved?",
        "A COM allocated by the handover date and a handover meeting held.",
    ),
    Question(
        "public_protection",
        "Public protection",
        "Were the public-protection checks done?",
        "MAPPA, domestic abuse, child safeguarding, victim liaison and approved premises.",
    ),
    Question(
        "needs",
        "Needs near release",
        "Are needs near release being met?",
        "In the 12 weeks before release: each resettlement need met or being acted on.",
    ),
)
QUESTION_CODES: tuple[str, ...] = tuple(q.code for q in QUESTIONS)


@dataclass(frozen=True)
class Suggestion:
    """What the record suggests for one question: a judgement and why."""

    judgement: Judgement
    explanation: str


# --- Months ----------------------------------------------------------------------------------

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> dt.date:
    """ "YYYY-MM" as the first day of that month; ValueError otherwise."""
    match = _MONTH.match(text.strip())
    if not match:
        raise ValueError("Enter a month as YYYY-MM, like 2026-12.")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or year < 2000:
        raise ValueError("Enter a month as YYYY-MM, like 2026-12.")
    return dt.date(year, month, 1)


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_label(month: dt.date) -> str:
    return month.strftime("%B %Y")


def months_back(month: dt.date, count: int) -> list[dt.date]:
    """The `count` months ending with `month`, oldest first."""
    return [add_months(month_of(month), -n) for n in range(count - 1, -1, -1)]


# --- Drawing the sample ----------------------------------------------------------------------


def stratum_quotas(sizes: Mapping[str, int], sample_size: int) -> dict[str, int]:
    """How many cases each stratum gives to a sample of `sample_size`, in proportion to its
    size (Hamilton's largest remainder): each gets the whole part of its share, and the cases
    left go to the largest remainders (ties: the larger stratum, then the name). A sample as
    large as the population takes everyone."""
    total = sum(sizes.values())
    if sample_size < 0:
        raise ValueError("sample size must be 0 or more")
    if sample_size >= total:
        return dict(sizes)
    quotas = {name: size * sample_size // total for name, size in sizes.items()}
    left = sample_size - sum(quotas.values())
    by_remainder = sorted(
        sizes,
        key=lambda name: (-(sizes[name] * sample_size % total), -sizes[name], name),
    )
    for name in by_remainder[:left]:
        quotas[name] += 1
    return quotas


def sample_key(prison_code: str, month: dt.date, seed: str) -> str:
    return f"{prison_code}:{month:%Y-%m}:{seed}"


def _generator(key: str, stratum: str) -> random.Random:
    # sha256 of the text, not hash(): the same on every machine and every run.
    digest = hashlib.sha256(f"{key}:{stratum}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))  # sampling, not secrets


def draw_sample(
    population: Iterable[tuple[int, str]],
    *,
    sample_size: int,
    prison_code: str,
    month: dt.date,
    seed: str,
) -> list[tuple[int, str]]:
    """The month's sample: (case id, stratum) pairs from `population`, stratified by stratum
    (`stratum_quotas`), sorted by stratum then id. Reproducible: the same population, prison,
    month and seed always give the same sample, in whatever order the population comes."""
    strata: dict[str, list[int]] = {}
    for case_id, stratum in population:
        strata.setdefault(stratum, []).append(case_id)
    quotas = stratum_quotas({name: len(ids) for name, ids in strata.items()}, sample_size)
    key = sample_key(prison_code, month, seed)
    drawn: list[tuple[int, str]] = []
    for stratum in sorted(strata):
        ids = sorted(strata[stratum])
        chosen = _generator(key, stratum).sample(ids, quotas[stratum])
        drawn.extend((case_id, stratum) for case_id in sorted(chosen))
    return drawn


# --- Sharing the sample among reviewers -------------------------------------------------------


def assign_reviewers(
    case_ids: Sequence[int],
    reviewers: Sequence[int],
    *,
    loads: Mapping[int, int] | None = None,
    conflicts: Mapping[int, frozenset[int]] | None = None,
) -> dict[int, int | None]:
    """Give each case to the reviewer with the fewest cases so far (`loads` counts what they
    already hold; ties go to the earlier reviewer in `reviewers`), never to a reviewer in the
    case's `conflicts` (its own POM) unless every reviewer is. No reviewers: None for each."""
    held = {r: (loads or {}).get(r, 0) for r in reviewers}
    order = {r: n for n, r in enumerate(reviewers)}
    assigned: dict[int, int | None] = {}
    for case_id in case_ids:
        if not reviewers:
            assigned[case_id] = None
            continue
        barred = (conflicts or {}).get(case_id, frozenset())
        free = [r for r in reviewers if r not in barred] or list(reviewers)
        chosen = min(free, key=lambda r: (held[r], order[r]))
        held[chosen] += 1
        assigned[case_id] = chosen
    return assigned


# --- What the record suggests -----------------------------------------------------------------


def suggest_bcs(
    *,
    applies: bool,
    completed: bool,
    on_time: bool | None,
    needs_found: int,
    needs_followed: int,
) -> Suggestion:
    """On time and used: completed by its deadline, and every need it found followed up (a
    referral asked for, or a resettlement need recorded)."""
    if not applies:
        return Suggestion("not_applicable", "No BCS applies to this case.")
    if not completed:
        return Suggestion("not_met", "No completed BCS is recorded.")
    timing = "on time" if on_time else "late" if on_time is False else "with no deadline"
    if needs_found == 0:
        use = "it found no needs"
    else:
        use = f"{min(needs_followed, needs_found)} of {needs_found} needs it found followed up"
    text = f"BCS completed {timing}; {use}."
    if on_time is not False and needs_followed >= needs_found:
        return Suggestion("met", text)
    return Suggestion("partly_met", text)


def suggest_oasys(
    *,
    applies: bool,
    due: dt.date | None,
    last_completed: dt.date | None,
    sentence_plan_on: dt.date | None,
    review_months: int,
    today: dt.date,
) -> Suggestion:
    """Current: completed within `review_months` of today, with its sentence plan. Not yet
    due with none done: not applicable."""
    if not applies:
        return Suggestion("not_applicable", "No OASys is due for this case (not a custody case).")
    if last_completed is None:
        if due is not None and due >= today:
            return Suggestion("not_applicable", f"The first OASys is not due until {due:%d %B %Y}.")
        return Suggestion("not_met", "No OASys is recorded, and one was due.")
    current = add_months(last_completed, review_months) >= today
    plan = sentence_plan_on is not None
    text = (
        f"Last OASys {last_completed:%d %B %Y} ({'current' if current else 'out of date'}: "
        f"reviewed every {review_months} months); "
        + ("sentence plan recorded." if plan else "no sentence plan recorded.")
    )
    if current and plan:
        return Suggestion("met", text)
    return Suggestion("partly_met", text)


def suggest_contact(
    *, has_pom: bool, every_months: int | None, last: dt.date | None, overdue: bool
) -> Suggestion:
    if not has_pom:
        return Suggestion("not_met", "No POM is allocated.")
    if every_months is None:
        return Suggestion(
            "partly_met", "The contact frequency is not known: no risk of serious harm recorded."
        )
    seen = f"last POM contact {last:%d %B %Y}" if last else "no POM contact recorded"
    if overdue:
        return Suggestion(
            "not_met", f"Contact overdue ({seen}; expected every {every_months} months)."
        )
    return Suggestion("met", f"Contact up to date ({seen}; expected every {every_months} months).")


def suggest_handover(
    *,
    handover_date: dt.date | None,
    upcoming_from: dt.date | None,
    com_allocated_on: dt.date | None,
    com_allocated: bool,
    meeting_held: bool,
    today: dt.date,
) -> Suggestion:
    """Timely: a COM allocated by the handover date; involved: a handover meeting held. Not
    applicable before the handover's upcoming window, or with no handover date."""
    if handover_date is None:
        return Suggestion("not_applicable", "This case has no handover date.")
    start = upcoming_from or handover_date
    if today < start:
        return Suggestion(
            "not_applicable", f"The handover is not due until {handover_date:%d %B %Y}."
        )
    if not com_allocated:
        late = today >= handover_date
        return Suggestion(
            "not_met" if late else "partly_met",
            f"No COM allocated; handover {'was' if late else 'is'} due {handover_date:%d %B %Y}.",
        )
    timely = com_allocated_on is None or com_allocated_on <= handover_date
    parts = [
        "COM allocated" + (" by the handover date" if timely else " after the handover date"),
        "handover meeting held" if meeting_held else "no handover meeting recorded",
    ]
    text = "; ".join(parts).capitalize() + "."
    return Suggestion("met" if timely and meeting_held else "partly_met", text)


def suggest_public_protection(progress: Sequence[str]) -> Suggestion:
    """From each public-protection item's progress (done, not_needed, overdue, due_soon,
    not_due, no_date): all settled is met; any overdue is not met with none settled, partly
    met otherwise; open but none overdue yet is not applicable."""
    if not progress:
        return Suggestion("not_applicable", "No public-protection checks apply to this case.")
    settled = sum(1 for p in progress if p in ("done", "not_needed"))
    overdue = sum(1 for p in progress if p == "overdue")
    text = f"{settled} of {len(progress)} checks done or not needed; {overdue} overdue."
    if settled == len(progress):
        return Suggestion("met", text)
    if overdue:
        return Suggestion("partly_met" if settled else "not_met", text)
    return Suggestion("not_applicable", f"{text} None is due yet.")


def suggest_needs(*, pre_release: bool, statuses: Sequence[str]) -> Suggestion:
    """Near release (the 12 weeks before it): every need met, declined or being acted on is
    met; some only identified is partly met; all only identified, not met."""
    if not pre_release:
        return Suggestion("not_applicable", "The case is not in the 12 weeks before release.")
    if not statuses:
        return Suggestion("partly_met", "Near release, but no resettlement needs are recorded.")
    waiting = sum(1 for s in statuses if s == "identified")
    text = f"{len(statuses) - waiting} of {len(statuses)} needs met, declined or being acted on."
    if waiting == 0:
        return Suggestion("met", text)
    return Suggestion("not_met" if waiting == len(statuses) else "partly_met", text)


# --- Rolling up -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """Judgements counted, and the score: met 1, partly met a half, not met 0, over the
    applicable judgements (None when there are none)."""

    met: int
    partly_met: int
    not_met: int
    not_applicable: int

    @property
    def applicable(self) -> int:
        return self.met + self.partly_met + self.not_met

    @property
    def answered(self) -> int:
        return self.applicable + self.not_applicable

    @property
    def percent(self) -> float | None:
        if not self.applicable:
            return None
        points = self.met * SCORE_WEIGHTS["met"] + self.partly_met * SCORE_WEIGHTS["partly_met"]
        return round(100 * points / self.applicable, 1)

    @property
    def explanation(self) -> str:
        if not self.applicable:
            return "No applicable judgements yet."
        return (
            f"{self.met} met, {self.partly_met} partly met and {self.not_met} not met of "
            f"{self.applicable} applicable judgements (met counts 1, partly met a half); "
            f"{self.not_applicable} not applicable left out."
        )


def score(judgements: Iterable[str]) -> Score:
    counts = dict.fromkeys(JUDGEMENTS, 0)
    for judgement in judgements:
        if judgement not in counts:
            raise ValueError(f"{judgement!r} is not a judgement")
        counts[judgement] += 1
    return Score(**counts)
