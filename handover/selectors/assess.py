"""Assessing cases: the engine's dates, the recorded checklist and contacts, and
`handover.rules`, put together for each case.

`assess_cases` assesses a queryset in a fixed number of queries (one for the cases, the stored
answers, one each for checklist rows, contacts and overrides) and then applies the rules in
memory. The checklist itself is not stored: a recorded item, a new sentence date or a COM
allocation shows on the next read.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet

from cases import rules as omic
from cases import selectors as case_selectors
from cases.models import Allocation, Prisoner
from handover import rules
from handover.models import ChecklistItem, ResponsibilityOverride
from handover.selectors.assessment import (
    Assessment,
    CurrentSentence,
    ItemView,
    allocation_of,
    com_is_allocated,
    com_name_of,
    with_current_sentence,
)
from handover.selectors.checklist import (
    automatic_statuses,
    case_dates,
    handover_state_of,
    has_checklist,
    parole_due,
    release_anchor,
)
from handover.selectors.contacts import (
    com_contacts_before,
    com_met,
    contacts_by_prisoner,
    meeting_held,
)

Row = Mapping[str, Any]  # a recorded `ChecklistItem`, as `values()` reads it
# (status, note, completed on) of each item completed from other records
Automatic = dict[str, tuple[rules.ItemStatus, str, dt.date | None]]


def assess_cases(
    qs: QuerySet[Prisoner],
    *,
    today: dt.date,
    policy: rules.ChecklistPolicy = rules.DEFAULT_CHECKLIST_POLICY,
    evaluations: dict[int, omic.Evaluation] | None = None,
) -> list[Assessment]:
    """Assess every case in `qs` in a fixed number of queries, whatever its size.

    Queries: the cases with current sentence, prison and allocation joined; the engine
    (the stored answers, `stored_evaluations`, unless the caller passes the `evaluations` it already has for today);
    checklist rows, contacts and active overrides of the current sentences.
    """
    prisoners = list(
        with_current_sentence(qs).select_related(
            "current_prison", "allocation__primary_pom", "allocation__com", "allocation__keyworker"
        )
    )
    if not prisoners:
        return []
    # The engine and the reads below take the cases as a subquery, not a list of ids: a
    # prison's thousands of ids would make every query long to send and to plan.
    if evaluations is None:
        evaluations = case_selectors.stored_evaluations(qs, today=today)
    ids = qs.values("pk")
    recorded: dict[int, dict[str, Row]] = defaultdict(dict)
    for row in ChecklistItem.objects.filter(
        prisoner_id__in=ids, sentence__is_current=True
    ).values():
        recorded[row["prisoner_id"]][row["code"]] = row
    contacts = contacts_by_prisoner(ids)
    overrides = dict(
        ResponsibilityOverride.objects.filter(
            prisoner_id__in=ids, removed_at__isnull=True
        ).values_list("prisoner_id", "reason")
    )
    return [
        _assess(
            p,
            evaluations[p.pk],
            recorded=recorded.get(p.pk, {}),
            contacts=contacts.get(p.pk, []),
            override_reason=overrides.get(p.pk),
            today=today,
            policy=policy,
        )
        for p in prisoners
    ]


def assess_prisoner(
    prisoner: Prisoner, *, today: dt.date, evaluation: omic.Evaluation | None = None
) -> Assessment:
    """One case's assessment, from the engine's own evaluation of it (with its explanations,
    which the stored answer has not); pass the `evaluation` when this request already has it,
    so the engine runs once."""
    if evaluation is None:
        evaluation = case_selectors.evaluate_prisoner(prisoner, today=today)
    evaluations = {prisoner.pk: evaluation}
    qs = Prisoner.objects.filter(pk=prisoner.pk)
    return assess_cases(qs, today=today, evaluations=evaluations)[0]


def _assess(
    prisoner: Prisoner,
    ev: omic.Evaluation,
    *,
    recorded: dict[str, Row],
    contacts: list[dict[str, Any]],
    override_reason: str | None,
    today: dt.date,
    policy: rules.ChecklistPolicy,
) -> Assessment:
    """One case: its state, release and contacts, then (if it has one) its checklist."""
    sentence = CurrentSentence.of(prisoner)
    allocation = allocation_of(prisoner)
    com_allocated = com_is_allocated(allocation)
    release = release_anchor(ev, today)
    assessment = Assessment(
        prisoner=prisoner,
        evaluation=ev,
        key_dates=sentence.key_dates,
        sentence_id=sentence.pk,
        indeterminate=sentence.indeterminate,
        state=_state(prisoner, ev, com_allocated=com_allocated, today=today),
        release=release,
        com_allocated=com_allocated,
        override_reason=override_reason,
        com_contacts=com_contacts_before(com_met(contacts), release.date),
        meeting_held=meeting_held(contacts),
        parole_due=parole_due(sentence, today, policy),
        sentence_start=sentence.start,
    )
    # No checklist outside OMiC scope or without a sentence (remand, unsentenced, released
    # before this service knew them): there is no release to prepare for yet.
    in_scope = bool(ev.in_omic_scope.value)
    if has_checklist(sentence, in_scope, released=assessment.state.value == "released"):
        dates = case_dates(ev.handover, release.date, sentence)
        automatic = _automatic(assessment, allocation, policy)
        assessment.items = [
            _item_view(
                definition,
                dates,
                recorded.get(definition.code, {}),
                automatic,
                today=today,
                policy=policy,
            )
            for definition in rules.applicable_items(dates)
        ]
    return assessment


def _state(
    prisoner: Prisoner, ev: omic.Evaluation, *, com_allocated: bool, today: dt.date
) -> omic.Explained[rules.State]:
    return handover_state_of(
        ev.handover,
        com_allocated=com_allocated,
        released=prisoner.current_prison_id is None,
        today=today,
        no_dates_explanation=f"No handover: {ev.handover.explanation}",
    )


def _automatic(
    a: Assessment, allocation: Allocation | None, policy: rules.ChecklistPolicy
) -> Automatic:
    """The items completed from other records (`automatic_statuses`), with how each was
    worked out."""
    status = automatic_statuses(
        com_allocated=a.com_allocated,
        meeting_held=a.meeting_held,
        com_contacts=a.com_contacts,
        policy=policy,
    )
    return {
        "com_allocated": (
            status["com_allocated"],
            _com_note(allocation) if a.com_allocated else "No COM named yet.",
            allocation.com_allocated_on if a.com_allocated and allocation else None,
        ),
        "handover_meeting": (
            status["handover_meeting"],
            "A handover meeting with the POM and COM is recorded."
            if a.meeting_held
            else "No handover meeting recorded yet.",
            None,
        ),
        "com_contacts": (
            status["com_contacts"],
            rules.contacts_status(a.com_contacts, policy).explanation,
            None,
        ),
    }


def _com_note(allocation: Allocation | None) -> str:
    if allocation is None:
        return ""
    team = f", {allocation.com_team}" if allocation.com_team else ""
    return f"{com_name_of(allocation)}{team}."


# A recorded status (one of `ChecklistItem.Status`), as the rules type it.
_STATUSES: dict[str, rules.ItemStatus] = {
    "to_do": "to_do",
    "done": "done",
    "not_needed": "not_needed",
}


def _item_view(
    definition: rules.ItemDefinition,
    dates: rules.CaseDates,
    row: Row,
    automatic: Automatic,
    *,
    today: dt.date,
    policy: rules.ChecklistPolicy,
) -> ItemView:
    """One item as it stands: completed from other records, or as recorded (to do if never)."""
    due = rules.item_due(definition, dates, policy)
    if definition.automatic:
        status, note, completed_on = automatic[definition.code]
        owner: str = definition.owner
    else:
        status = _STATUSES[row.get("status", "to_do")]
        note, completed_on = "", row.get("completed_on")
        owner = row.get("owner") or definition.owner
    progress = rules.item_progress(status=status, due=due.value, today=today, policy=policy)
    if not row:  # never recorded, as most items of a list's cases: nothing more to read
        return ItemView(
            definition, status, owner, due, progress, completed_on=completed_on, note=note
        )
    return ItemView(
        definition=definition,
        status=status,
        owner=owner,
        due=due,
        progress=progress,
        evidence=row.get("evidence", ""),
        not_needed_reason=row.get("not_needed_reason", ""),
        completed_on=completed_on,
        note=note,
        mappa_level=row.get("mappa_level"),
        mappa_category=row.get("mappa_category"),
        review_date=row.get("review_date"),
        version=row.get("version", 0),
    )
