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
from handover.selectors.contacts import com_contacts_before, com_met, contacts_by_prisoner


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
    release and its open public-protection items, as `assess_cases` would count them. Three
    narrow queries."""
    ids = list(ids)
    if not ids:
        return {}
    rows = with_current_sentence(
        case_selectors.ids_in(Prisoner.objects.order_by(), "id", ids)
    ).values("id", "current_prison_id", *CURRENT_SENTENCE)
    closed = closed_items(ids, among=rules.PUBLIC_PROTECTION)
    contacts = contacts_by_prisoner(ids)
    summaries = {}
    for row in rows:
        pk = row["id"]
        state = states[pk]
        sentence = CurrentSentence.from_columns(row)
        release = stored_release_anchor(state, today).date
        missing: list[str] = []
        if has_checklist(sentence, state.in_scope, released=row["current_prison_id"] is None):
            dates = case_dates(state, release, sentence)
            # Only the public-protection items: the count needs no other.
            applicable = rules.applicable_items(dates, among=rules.PUBLIC_PROTECTION_ITEMS)
            open_codes = {d.code for d in applicable if d.code not in closed.get(pk, {})}
            missing = rules.missing_public_protection(
                open_codes=open_codes, release=release, today=today, policy=policy
            )
        summaries[pk] = ChecklistSummary(
            com_contacts=com_contacts_before(com_met(contacts.get(pk, [])), release),
            missing_public_protection=tuple(missing),
        )
    return summaries
