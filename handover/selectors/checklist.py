"""The steps every reading of a case's checklist shares, so the full assessment
(`assess_cases`), the lists' placing (`list_entries`) and the dashboard's counts
(`checklist_summaries`) always agree (docs/rules.md#checklist)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Protocol

from django.db.models import QuerySet

from cases import rules as omic
from cases.selectors import StoredState, ids_in
from handover import rules
from handover.models import ChecklistItem
from handover.selectors.assessment import CurrentSentence


def release_anchor(ev: omic.Evaluation, today: dt.date) -> rules.ReleaseAnchor:
    """The release date the checklist counts back from."""
    return rules.checklist_release_date(
        display=ev.display_release_date.date,
        display_kind=ev.display_release_date.kind,
        earliest=ev.earliest_release_date.date,
        earliest_kind=ev.earliest_release_date.kind,
        today=today,
    )


def stored_release_anchor(state: StoredState, today: dt.date) -> rules.ReleaseAnchor:
    """`release_anchor` from a stored answer's columns (the dashboard's counts read no whole
    answers)."""
    return rules.checklist_release_date(
        display=state.display_release_date,
        display_kind=state.display_release_kind or None,
        earliest=state.erd,
        earliest_kind=state.erd_kind or None,
        today=today,
    )


class HandoverDates(Protocol):
    """A case's COM allocation and handover dates and its handover windows: the engine's
    `Handover`, or a stored answer's columns (`StoredState`)."""

    @property
    def com_allocation_date(self) -> dt.date | None: ...

    @property
    def handover_date(self) -> dt.date | None: ...

    @property
    def upcoming_from(self) -> dt.date | None: ...

    @property
    def com_allocation_overdue_from(self) -> dt.date | None: ...


def handover_state_of(
    dates: HandoverDates,
    *,
    com_allocated: bool,
    released: bool,
    today: dt.date,
    no_dates_explanation: str = "",
) -> omic.Explained[rules.State]:
    """A case's handover state on `today` (`rules.handover_state`) from its dates: the
    engine's, or a stored answer's."""
    return rules.handover_state(
        handover_date=dates.handover_date,
        upcoming_from=dates.upcoming_from,
        com_allocation_overdue_from=dates.com_allocation_overdue_from,
        com_allocated=com_allocated,
        released=released,
        today=today,
        no_dates_explanation=no_dates_explanation,
    )


def has_checklist(sentence: CurrentSentence, in_scope: bool, *, released: bool) -> bool:
    """No checklist outside OMiC scope or without a sentence (remand, unsentenced, released
    before this service knew them): there is no release to prepare for yet."""
    return sentence.pk is not None and (in_scope or released)


def case_dates(
    handover: HandoverDates, release: dt.date | None, sentence: CurrentSentence
) -> rules.CaseDates:
    """The dates the case's checklist counts from."""
    return rules.CaseDates(
        sentence_start=sentence.start,
        com_allocation=handover.com_allocation_date,
        handover=handover.handover_date,
        release=release,
        hdced=sentence.key_dates["home_detention_curfew_eligibility_date"],
        parole_case=sentence.indeterminate
        or sentence.key_dates["parole_eligibility_date"] is not None,
    )


def automatic_statuses(
    *,
    com_allocated: bool,
    meeting_held: bool,
    com_contacts: int,
    policy: rules.ChecklistPolicy = rules.DEFAULT_CHECKLIST_POLICY,
) -> dict[str, rules.ItemStatus]:
    """How the items completed from other records stand, by code: a COM named, a handover
    meeting with the POM and COM recorded, the COM contacts' target met."""
    return {
        "com_allocated": "done" if com_allocated else "to_do",
        "handover_meeting": "done" if meeting_held else "to_do",
        "com_contacts": rules.contacts_status(com_contacts, policy).value,
    }


def parole_due(
    sentence: CurrentSentence, today: dt.date, policy: rules.ChecklistPolicy
) -> tuple[dt.date, str] | None:
    """The soonest parole date in the parole window, and its kind (`rules.parole_date_due`)."""
    key_dates = sentence.key_dates
    return rules.parole_date_due(
        target_hearing_date=key_dates["target_hearing_date"],
        tariff_date=key_dates["tariff_date"],
        parole_eligibility_date=key_dates["parole_eligibility_date"],
        today=today,
        policy=policy,
    )


def closed_items(
    ids: QuerySet[Any] | list[int], *, among: Iterable[str] | None = None
) -> dict[int, dict[str, str]]:
    """Each case's items of its current sentence recorded as done or not needed (of the codes
    `among`, if given), as {case: {code: status}}; an item not here is to do. One query; `ids`
    is a list of case ids or a subquery of them."""
    qs = (
        ChecklistItem.objects.order_by()
        .filter(sentence__is_current=True)
        .exclude(status=ChecklistItem.Status.TO_DO)
    )
    qs = ids_in(qs, "prisoner_id", ids) if isinstance(ids, list) else qs.filter(prisoner_id__in=ids)
    if among is not None:
        qs = qs.filter(code__in=list(among))
    closed: dict[int, dict[str, str]] = defaultdict(dict)
    for pk, code, status in qs.values_list("prisoner_id", "code", "status"):
        closed[pk][code] = status
    return closed
