"""Keeping each case's stored OMiC state (`CaseState`) equal to the engine's answer
(docs/adr/0006-stored-case-state.md).

- A change of facts marks its cases stale at once, in its own transaction, and re-evaluates
  them once it commits (`extensions.case_changed`, wired in `cases.plugin`).
- A prison's policy change re-evaluates its cases in a background task.
- Every night, `states_catch_up` re-evaluates only the cases whose answer may have changed by
  itself (their `next_change_on` has come), are stale, or have no state yet, and tells the apps
  about those whose answer did change (their tasks are re-dated, their handover state moves).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q, QuerySet

from cases import bulk, extensions
from cases.models import CaseExplanation, CaseState, Prisoner
from cases.rules import CaseFacts, Evaluation, answer_of, explanations_of, next_change_on
from cases.selectors.batch import ids_in
from cases.selectors.evaluation import evaluate_each

CHUNK = 2000
ANSWER_FIELDS = tuple(
    f.attname
    for f in CaseState._meta.concrete_fields
    if f.attname not in ("prisoner_id", "prison_id", "evaluated_on", "stale", "next_change_on")
)


@dataclass
class Refreshed:
    """What a refresh did: how many cases it evaluated, which had an answer that differs from
    what was stored (or were stale, or had none), and the evaluations with the facts they were
    made from, for callers that go on to use them (the sweep's task sync reads neither again)."""

    evaluated: int = 0
    changed: list[int] = field(default_factory=list)
    evaluations: dict[int, Evaluation] = field(default_factory=dict)
    facts: dict[int, CaseFacts] = field(default_factory=dict)

    def add(self, other: Refreshed) -> None:
        self.evaluated += other.evaluated
        self.changed += other.changed
        self.evaluations.update(other.evaluations)
        self.facts.update(other.facts)


def _stored(ids: list[int]) -> dict[int, dict[str, Any]]:
    rows = ids_in(CaseState.objects.order_by(), "prisoner_id", ids).values(
        "prisoner_id", "prison_id", "stale", "next_change_on", *ANSWER_FIELDS
    )
    return {row["prisoner_id"]: row for row in rows}


def _differs(old: dict[str, Any] | None, prison_id: int | None, answer: dict[str, Any]) -> bool:
    if old is None or old["stale"] or old["prison_id"] != prison_id:
        return True
    return any(old[name] != answer[name] for name in ANSWER_FIELDS)


def states_refresh(prisoners: QuerySet[Prisoner], *, today: dt.date) -> Refreshed:
    """Evaluate every case in `prisoners` (keep it to a prison's size) and store its answer.

    A fixed number of queries: the engine's reads, one of the stored states, one upsert of
    the rows that differ in anything (the answer, `next_change_on`, the prison, staleness) and
    one of their explanations, so a second run on the same day writes nothing.
    """
    result = Refreshed()
    evaluated = list(evaluate_each(prisoners, today=today))
    if not evaluated:
        return result
    stored = _stored([e.prisoner_id for e in evaluated])
    writes: list[CaseState] = []
    explained: list[CaseExplanation] = []
    for case in evaluated:
        # Compared as plain values; a row (and its explanations, never compared) is made only
        # for the cases to write: on a quiet night, a full sweep writes almost none.
        answer = answer_of(case.evaluation)
        nxt = next_change_on(case.facts, case.policy, case.evaluation)
        old = stored.get(case.prisoner_id)
        changed = _differs(old, case.prison_id, answer)
        if changed:
            result.changed.append(case.prisoner_id)
        if changed or (old is not None and old["next_change_on"] != nxt):
            writes.append(
                CaseState(
                    prisoner_id=case.prisoner_id,
                    prison_id=case.prison_id,
                    evaluated_on=today,
                    stale=False,
                    next_change_on=nxt,
                    **answer,
                )
            )
            explained.append(
                CaseExplanation(
                    state_id=case.prisoner_id, explanations=explanations_of(case.evaluation)
                )
            )
        result.evaluations[case.prisoner_id] = case.evaluation
        result.facts[case.prisoner_id] = case.facts
    result.evaluated = len(evaluated)
    bulk.upsert_objects(CaseState, writes, key="prisoner_id")
    bulk.upsert_objects(CaseExplanation, explained, key="state_id")
    return result


def states_refresh_ids(ids: Iterable[int], *, today: dt.date) -> Refreshed:
    """`states_refresh` for any number of cases, by id, in chunks."""
    ordered = sorted(set(ids))
    total = Refreshed()
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        total.add(states_refresh(ids_in(Prisoner.objects.all(), "id", chunk), today=today))
    return total


def states_mark_stale(ids: Sequence[int]) -> int:
    """Flag these cases' stored answers as out of date (their facts just changed): one UPDATE.
    Readers and the nightly sweep re-evaluate a stale case before trusting it."""
    if not ids:
        return 0
    return ids_in(CaseState.objects.filter(stale=False), "prisoner_id", list(ids)).update(
        stale=True
    )


def _due(
    prison_ids: Sequence[int], today: dt.date
) -> tuple[QuerySet[Prisoner], QuerySet[CaseState]]:
    """The cases these prisons hold whose stored answer cannot be trusted today, and the rows
    stored for these prisons whose case another prison (or none) holds now."""
    held = Prisoner.objects.filter(current_prison_id__in=prison_ids).filter(
        Q(state__isnull=True)
        | Q(state__stale=True)
        | Q(state__next_change_on__lte=today)
        | ~Q(state__prison_id=F("current_prison_id"))
        | Q(state__prison_id__isnull=True)
    )
    left = CaseState.objects.filter(prison_id__in=prison_ids).filter(
        Q(stale=True)
        | Q(next_change_on__lte=today)
        | Q(prisoner__current_prison_id__isnull=True)
        | ~Q(prisoner__current_prison_id=F("prison_id"))
    )
    return held.order_by(), left.order_by()


def due_case_ids(prison_ids: Sequence[int], *, today: dt.date) -> list[int]:
    """The cases of these prisons whose stored answer cannot be trusted today: none stored, stale,
    `next_change_on` come, or stored for another prison than the one holding them now (and the
    cases stored for these prisons that another prison holds now, or none). One query, each half
    on an index."""
    if not prison_ids:
        return []
    held, left = _due(prison_ids, today)
    ids = held.values_list("pk", flat=True).union(left.values_list("prisoner_id", flat=True))
    return sorted(set(ids))


def due_prison_ids(prison_ids: Sequence[int], *, today: dt.date) -> set[int]:
    """Which of these prisons have a case `due_case_ids` would give: one query over them all
    (the sweep skips the others)."""
    if not prison_ids:
        return set()
    held, left = _due(prison_ids, today)
    ids = held.values_list("current_prison_id", flat=True).distinct()
    ids = ids.union(left.values_list("prison_id", flat=True).distinct())
    return set(ids)


def unheld_due_ids(*, today: dt.date) -> list[int]:
    """`due_case_ids` for the cases no prison holds (released): their answers still change by
    themselves (a licence ends) and a COM may still read them. One query."""
    missing = (
        Prisoner.objects.filter(current_prison_id__isnull=True, state__isnull=True)
        .order_by()
        .values_list("pk", flat=True)
    )
    due = (
        CaseState.objects.filter(prison_id__isnull=True, prisoner__current_prison_id__isnull=True)
        .filter(Q(stale=True) | Q(next_change_on__lte=today))
        .order_by()
        .values_list("prisoner_id", flat=True)
    )
    return sorted(set(missing.union(due)))


def states_catch_up(prison_ids: Sequence[int], *, today: dt.date) -> Refreshed:
    """Re-evaluate only the cases of these prisons whose answer may be out of date
    (`due_case_ids`), store the new answers, and tell every app about the cases whose answer
    changed, so their tasks and handover states follow. Nothing to do costs one query."""
    due = due_case_ids(prison_ids, today=today)
    refreshed = states_refresh_ids(due, today=today)
    if refreshed.changed:
        extensions.answers_changed(refreshed.changed)
    return refreshed


def stored_case_ids(prison_id: int) -> list[int]:
    """The cases whose stored answer is for this prison (some may have left it since)."""
    return list(CaseState.objects.filter(prison_id=prison_id).values_list("prisoner_id", flat=True))


def prison_states_refresh(prison_id: int, *, today: dt.date) -> Refreshed:
    """Re-evaluate every case held at the prison or stored for it (after its policy changed),
    and tell the apps about the cases whose answer changed."""
    held = Prisoner.objects.filter(current_prison_id=prison_id).values_list("pk", flat=True)
    refreshed = states_refresh_ids([*held, *stored_case_ids(prison_id)], today=today)
    if refreshed.changed:
        extensions.answers_changed(refreshed.changed)
    return refreshed
