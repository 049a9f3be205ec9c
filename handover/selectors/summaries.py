"""The two checklist counts the dashboard needs, without building every item. They come from the
same steps as `assess_cases` (`handover.selectors.checklist`), so the two always agree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cases import selectors as case_selectors
from cases.models import Prisoner
from cases.selectors import StoredState
from handover import rules
from handover.selectors.assessment import (
    CURRENT_SENTENCE,
    CurrentSentence,
    with_current_sentence,
)
from handover.selectors.checklist import (
    case_dates,
    closed_items,
    has_checklist,
    stored_release_anchor,
)
from handover.selectors.contacts import com_contacts_before, com_met_days


@dataclass(frozen=True)
class ChecklistSummary:
    """The two checklist counts the dashboard needs, without building every item."""

    com_contacts: int
    missing_public_protection: tuple[str, ...]


def checklist_summaries(
    ids: Iterable[int],
    *,
    today: dt.date,
    states: Mapping[int, StoredState],
    policy: rules.ChecklistPolicy = rules.DEFAULT_CHECKLIST_POLICY,
) -> dict[int, ChecklistSummary]:
    """For each case in `ids` (all in `states`, their stored answers): its COM contacts before
    release and its open public-protection items, as `assess_cases` would count them."""
    ids = list(ids)
    contacts = com_contact_counts(ids, today=today, states=states)
    missing = public_protection_open(ids, today=today, states=states, policy=policy)
    return {pk: ChecklistSummary(contacts[pk], missing[pk]) for pk in ids}


def com_contact_counts(
    ids: Iterable[int], *, today: dt.date, states: Mapping[int, StoredState]
) -> dict[int, int]:
    """For each case in `ids` (all in `states`): the days the COM met the prisoner on or before
    release, as `assess_cases` counts them. One query, of those days only."""
    ids = list(ids)
    if not ids:
        return {}
    days = com_met_days(ids)
    return {
        pk: com_contacts_before(days.get(pk, ()), stored_release_anchor(states[pk], today).date)
        for pk in ids
    }


def public_protection_open(
    ids: Iterable[int],
    *,
    today: dt.date,
    states: Mapping[int, StoredState],
    policy: rules.ChecklistPolicy = rules.DEFAULT_CHECKLIST_POLICY,
) -> dict[int, tuple[str, ...]]:
    """For each case in `ids` (all in `states`): its public-protection items still open with
    release in the window, as `assess_cases` lists them. Two narrow queries."""
    ids = list(ids)
    if not ids:
        return {}
    rows = with_current_sentence(
        case_selectors.ids_in(Prisoner.objects.order_by(), "id", ids)
    ).values("id", "current_prison_id", *CURRENT_SENTENCE)
    closed = closed_items(ids, among=rules.PUBLIC_PROTECTION)
    missing: dict[int, tuple[str, ...]] = {}
    for row in rows:
        pk = row["id"]
        state = states[pk]
        sentence = CurrentSentence.from_columns(row)
        if not has_checklist(sentence, state.in_scope, released=row["current_prison_id"] is None):
            missing[pk] = ()
            continue
        release = stored_release_anchor(state, today).date
        applicable = rules.applicable_items(
            case_dates(state, release, sentence), among=rules.PUBLIC_PROTECTION_ITEMS
        )
        done = closed.get(pk, {})
        missing[pk] = tuple(
            rules.missing_public_protection(
                open_codes={d.code for d in applicable if d.code not in done},
                release=release,
                today=today,
                policy=policy,
            )
        )
    return missing
