"""Deadlines from arrival and sentence (docs/rules.md#deadlines) and their colour status."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from cases.rules.dates import LONDON, add_months, add_working_days, london_day
from cases.rules.facts import CaseFacts
from cases.rules.policy import Policy
from cases.rules.results import CaseType, Deadline, Handover, ReleaseDate, Status
from cases.rules.words import day

_SENTENCED: frozenset[str] = frozenset({"sentenced", "recalled"})
# Section 2: an out-of-scope prisoner "still gets a BCS if convicted or recalled", so a
# convicted-but-unsentenced arrival is screened too, not only the sentenced.
_BCS_STATUSES: frozenset[str] = frozenset({"sentenced", "recalled", "convicted_unsentenced"})

_COUNTRY_NAMES: dict[str, str] = {
    "england_and_wales": "England & Wales",
    "scotland": "Scotland",
    "northern_ireland": "Northern Ireland",
}

# Not-applicable results carry fixed sentences, so they are built once, not per case.
_BCS_NA = Deadline(None, "No BCS: only sentenced, recalled or convicted arrivals.", applies=False)
_SENTENCE_CALC_NA = Deadline(
    None, "No sentence calculation: not sentenced or recalled.", applies=False
)
_TRANSFER_NA_STATUS = Deadline(None, "No transfer deadline: not sentenced or recalled.", False)
_TRANSFER_NA_PRISON = Deadline(None, "No transfer deadline: not a reception prison.", False)
_KEYWORKER_NA_OPEN = Deadline(None, "No keyworker: open prisons do not run keywork.", False)
_KEYWORKER_NA_WOMEN = Deadline(
    None, "No keyworker: women assessed as high complexity of need are not keyworked.", False
)
_CATEGORISATION_NA = Deadline(None, "No categorisation: not sentenced or recalled.", False)
_RECATEGORISATION_NA = Deadline(None, "No recategorisation: not sentenced or recalled.", False)
_OASYS_NA = Deadline(None, "No OASys deadline: OASys deadlines are for custody cases only.", False)
_OASYS_REVIEW_NA = Deadline(
    None, "No OASys review deadline: OASys deadlines are for custody cases only.", False
)
_NO_SENTENCE_DATE = "no sentence date is recorded"


def _when(moment: datetime) -> str:
    """An arrival or BCS moment (already Europe/London) as "9 August 2026 at 19:20 BST": the
    clock's name shows where a clock change falls inside the 72 hours."""
    return f"{day(moment)} at {moment.hour:02d}:{moment.minute:02d} {moment.tzname()}"


def bcs_deadline(facts: CaseFacts, policy: Policy) -> Deadline:
    """Basic Custody Screening: ``bcs_hours`` elapsed hours after arrival, whatever the clock
    change, as an aware Europe/London datetime."""
    if facts.legal_status not in _BCS_STATUSES:
        return _BCS_NA
    arrival = facts.arrival_datetime
    hours = policy.bcs_hours
    if arrival is None:
        return Deadline(
            None, f"BCS due {hours} hours after arrival, but no arrival time is recorded."
        )
    # Elapsed hours, computed in UTC: the deadline is 72 real hours across a clock change.
    due = (arrival.astimezone(UTC) + policy.bcs_delta).astimezone(LONDON)
    return Deadline(
        due,
        f"BCS due {_when(due)}: {hours} hours after arrival at {_when(arrival)}.",
    )


def sentence_calculation_deadline(facts: CaseFacts, policy: Policy) -> Deadline:
    if facts.legal_status not in _SENTENCED:
        return _SENTENCE_CALC_NA
    sentenced = facts.sentence_start_date
    days = policy.sentence_calculation_days
    if sentenced is None:
        return Deadline(
            None, f"Sentence calculation due {days} days after sentence, but {_NO_SENTENCE_DATE}."
        )
    due = sentenced + policy.sentence_calculation_delta
    return Deadline(
        due,
        f"Sentence calculation and prison allocation due {day(due)}: {days} days after "
        f"the sentence date {day(sentenced)}.",
    )


def transfer_deadline(facts: CaseFacts, policy: Policy, *, holidays: frozenset[date]) -> Deadline:
    """Transfer out of a reception prison, in working days after the sentence date."""
    if facts.legal_status not in _SENTENCED:
        return _TRANSFER_NA_STATUS
    if facts.prison.function != "reception":
        return _TRANSFER_NA_PRISON
    sentenced = facts.sentence_start_date
    days = policy.transfer_working_days
    if sentenced is None:
        return Deadline(
            None, f"Transfer due {days} working days after sentence, but {_NO_SENTENCE_DATE}."
        )
    due = add_working_days(sentenced, days, holidays)
    return Deadline(
        due,
        f"Transfer from the reception prison due {day(due)}: {days} working days after "
        f"the sentence date {day(sentenced)} (weekends and "
        f"{_COUNTRY_NAMES[policy.bank_holiday_country]} bank holidays excluded).",
    )


def keyworker_allocation_deadline(facts: CaseFacts, policy: Policy) -> Deadline:
    """A keyworker within ``keyworker_allocation_days`` of the arrival's Europe/London day."""
    function = facts.prison.function
    if function == "open":
        return _KEYWORKER_NA_OPEN
    if function == "womens" and facts.complexity_of_need == "high":
        return _KEYWORKER_NA_WOMEN
    arrival = facts.arrival_datetime
    days = policy.keyworker_allocation_days
    if arrival is None:
        return Deadline(
            None, f"Keyworker due {days} days after arrival, but no arrival time is recorded."
        )
    arrived = arrival.date()  # CaseFacts keeps arrivals in Europe/London
    due = arrived + policy.keyworker_allocation_delta
    return Deadline(
        due,
        f"Keyworker allocation due {day(due)}: {days} days after arrival on {day(arrived)}.",
    )


def categorisation_deadline(
    facts: CaseFacts, policy: Policy, *, holidays: frozenset[date]
) -> Deadline:
    if facts.legal_status not in _SENTENCED:
        return _CATEGORISATION_NA
    received = facts.documents_received_date
    days = policy.categorisation_working_days
    if received is None:
        return Deadline(
            None,
            f"Categorisation due {days} working days after all essential documents are "
            "received, and they are not yet recorded as received.",
        )
    due = add_working_days(received, days, holidays)
    return Deadline(
        due,
        f"Categorisation due {day(due)}: {days} working days after the essential "
        f"documents were received on {day(received)} (weekends and "
        f"{_COUNTRY_NAMES[policy.bank_holiday_country]} bank holidays excluded).",
    )


def recategorisation_deadline(facts: CaseFacts, policy: Policy, *, erd: ReleaseDate) -> Deadline:
    """Next recategorisation from the last categorisation date; the interval depends on the time
    to serve from that date to the ERD. Decision where the rules are silent: an indeterminate
    sentence with no ERD counts as more than the threshold left to serve."""
    if facts.legal_status not in _SENTENCED:
        return _RECATEGORISATION_NA
    last = facts.last_categorisation_date
    if last is None:
        return Deadline(
            None, "Recategorisation is counted from the last categorisation, and none is recorded."
        )
    years = policy.recategorisation_threshold_years
    release = erd.date
    if release is None:
        if not facts.indeterminate:
            return Deadline(
                None,
                "Recategorisation interval depends on the time left to serve, and the release "
                "date is unknown.",
            )
        long = True
        served = "indeterminate sentence with no release date"
    else:
        limit = add_months(last, years * 12)
        long = release > limit
        served = (
            f"the earliest release date {day(release)} is "
            f"{'more than' if long else 'no more than'} {years} years after it"
        )
    months = policy.recategorisation_months_long if long else policy.recategorisation_months_short
    due = add_months(last, months)
    return Deadline(
        due,
        f"Recategorisation due {day(due)}: {months} months after the last categorisation "
        f"on {day(last)}, as {served}.",
    )


def oasys_deadline(
    facts: CaseFacts, policy: Policy, *, erd: ReleaseDate, case_type: CaseType | None
) -> Deadline:
    """First OASys and sentence plan, counted from the sentence date; custody cases only.

    Decision where the rules are silent: a custody case with 10 months or less to serve (only
    possible with early allocation) gets the short window.
    """
    if case_type != "custody":
        return _OASYS_NA
    sentenced = facts.sentence_start_date
    if sentenced is None:
        return Deadline(None, f"OASys is counted from the sentence date, but {_NO_SENTENCE_DATE}.")
    if facts.indeterminate:
        weeks = policy.oasys_indeterminate_weeks
        period = policy.oasys_indeterminate_delta
        why = "indeterminate sentence"
    else:
        release = erd.date
        if release is None:
            return Deadline(
                None,
                "OASys window depends on the time to serve, and the release date is unknown.",
            )
        threshold = policy.oasys_long_threshold_months
        limit = add_months(sentenced, threshold)
        if release >= limit:
            weeks = policy.oasys_long_weeks
            period = policy.oasys_long_delta
            why = (
                f"{threshold} months or more to serve (earliest release date "
                f"{day(release)} on or after {day(limit)})"
            )
        else:
            weeks = policy.oasys_short_weeks
            period = policy.oasys_short_delta
            why = (
                f"under {threshold} months to serve (earliest release date "
                f"{day(release)} before {day(limit)})"
            )
    due = sentenced + period
    return Deadline(
        due,
        f"OASys and sentence plan due {day(due)}: {weeks} weeks after the sentence date "
        f"{day(sentenced)}, {why}.",
    )


def oasys_review_deadline(
    facts: CaseFacts, policy: Policy, *, case_type: CaseType | None, handover: Handover
) -> Deadline:
    """The earlier of the yearly OASys review and the pre-handover OASys; custody cases only.

    Decision where the rules are silent: an OASys completed on or after the start of the
    handover run-up (the earlier of the COM allocation date and ``handover_upcoming_days`` before
    handover) counts as the pre-handover OASys.
    """
    if case_type != "custody":
        return _OASYS_REVIEW_NA
    last = facts.last_oasys_date
    months = policy.oasys_review_months
    review = add_months(last, months) if last is not None else None
    handover_date = handover.handover_date
    pre_handover: date | None = None
    if handover_date is not None:
        run_up = handover_date - policy.handover_upcoming_delta
        com_date = handover.com_allocation_date
        if com_date is not None and com_date < run_up:
            run_up = com_date
        if last is None or last < run_up:
            pre_handover = handover_date
    if pre_handover is not None and (review is None or pre_handover < review):
        done = f"the last OASys on {day(last)}" if last is not None else "no OASys yet"
        return Deadline(
            pre_handover,
            f"Pre-handover OASys due {day(pre_handover)}: by the handover date, with "
            f"{done} before the handover run-up from {day(run_up)}.",
        )
    if review is None or last is None:
        return Deadline(
            None, "OASys review is counted from the last completed OASys, and none is recorded."
        )
    return Deadline(
        review,
        f"OASys review due {day(review)}: {months} months after the last OASys on {day(last)}.",
    )


def pom_contact_due(last_contact: date | None, *, since: date, months: int) -> date:
    """When the next POM contact is due: ``months`` after the last contact, or after ``since``
    (e.g. the allocation date) when there has been none."""
    return add_months(last_contact if last_contact is not None else since, months)


def due_soon_window(policy: Policy, *, bcs: bool = False) -> timedelta:
    """The policy's "due soon" window: hours for the BCS, days for everything else."""
    if bcs:
        return policy.bcs_due_soon_delta
    return policy.due_soon_delta


def deadline_status(
    due: date | datetime | None,
    *,
    now_or_today: date | datetime,
    completed_at: date | datetime | None = None,
    due_soon: timedelta,
) -> Status:
    """Colour-tag status of one deadline.

    A datetime deadline (the BCS) needs an aware ``now_or_today``; a date deadline compares
    Europe/London calendar days, so datetimes passed with it are reduced to their London day.
    Completed tasks are "done" when completed on or before the due moment, else "done_late";
    open ones are "overdue" after the due moment and "due_soon" within ``due_soon`` of it.
    """
    if due is None:
        return "done" if completed_at is not None else "not_due"
    if isinstance(due, datetime):
        if not isinstance(now_or_today, datetime):
            raise TypeError("a datetime deadline needs now_or_today as an aware datetime")
        now: date | datetime = now_or_today
        completed: date | datetime | None = completed_at
        if completed is not None and not isinstance(completed, datetime):
            raise TypeError("a datetime deadline needs completed_at as an aware datetime")
    else:
        now = london_day(now_or_today) if isinstance(now_or_today, datetime) else now_or_today
        completed = london_day(completed_at) if isinstance(completed_at, datetime) else completed_at
    if completed is not None:
        return "done" if completed <= due else "done_late"
    if now > due:
        return "overdue"
    if due - now <= due_soon:
        return "due_soon"
    return "not_due"
