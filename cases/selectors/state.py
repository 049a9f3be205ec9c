"""Reading the engine's stored answer (`CaseState`, docs/adr/0006-stored-case-state.md).

`stored_evaluations` is what lists, figures and jobs read instead of evaluating the cases
again: the stored rows, as the engine's own `Evaluation` objects, so a reader cannot tell the
difference, except that deadlines' explanations are blank (the case page evaluates its one case
and shows them) and the others are as of the day evaluated. A case whose row cannot be trusted
today (none yet, stale,
its `next_change_on` come before the nightly sweep ran, another prison's) is evaluated afresh,
so a reader is never wrong, only slower until the row is refreshed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Mapping
from typing import Any, NamedTuple

from django.db.models import F, QuerySet, TextField
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

from cases.models import CaseState, Prisoner
from cases.rules import DEADLINE_NAMES
from cases.rules.results import (
    Deadline,
    Deadlines,
    Evaluation,
    Explained,
    Handover,
    ReleaseDate,
    Responsibility,
)
from cases.selectors.batch import ids_in
from cases.selectors.evaluation import evaluate_cases

# The deadlines come as their JSON text, decoded only when a reader reads a deadline.
_COLUMNS = tuple(f.attname for f in CaseState._meta.concrete_fields if f.name != "deadlines")
_DEADLINES_TEXT = {"deadlines_text": Cast("deadlines", output_field=TextField())}
# The explanations, from their own row (`CaseExplanation`), joined where a reader shows them.
_EXPLANATIONS = {"explanations": F("why__explanations")}
_NOT_APPLICABLE = Deadline(None, "", applies=False)


def _due(value: str | None) -> dt.date | dt.datetime | None:
    if value is None:
        return None
    if len(value) > 10:
        return dt.datetime.fromisoformat(value)
    return dt.date.fromisoformat(value)


def answer_from_row(row: Mapping[str, Any], *, today: dt.date) -> Evaluation:
    """A stored row as the engine's `Evaluation`, with the explanations stored beside it
    (the deadlines' blank but the keyworker allocation's). The deadlines are read from the row
    on the first read of any of them: lists and figures never read them."""
    text = row["deadlines_text"]
    why = row["explanations"] or {}  # none stored: blank, as for a list that shows none

    def read_deadlines() -> Deadlines:
        stored = json.loads(text) if text else {}
        return Deadlines(
            **{
                name: Deadline(_due(stored[name]), why.get(name, ""))
                if name in stored
                else _NOT_APPLICABLE
                for name in DEADLINE_NAMES
            }
        )

    return Evaluation(
        as_of=today,
        in_omic_scope=Explained(row["in_scope"], why.get("in_scope", "")),
        case_type=Explained(row["case_type"] or None, why.get("case_type", "")),
        earliest_release_date=ReleaseDate(row["erd"], row["erd_kind"] or None, why.get("erd", "")),
        display_release_date=ReleaseDate(
            row["display_release_date"],
            row["display_release_kind"] or None,
            why.get("display_release_date", ""),
        ),
        pom_type=Explained(row["pom_type"] or None, why.get("pom_type", "")),
        responsibility=Responsibility(
            row["responsibility"],
            row["responsible"],
            row["supporting"] or None,
            why.get("responsibility", ""),
        ),
        handover=Handover(
            row["com_allocation_date"],
            row["handover_date"],
            row["handover_reason"],
            why.get("handover", ""),
            upcoming_from=row["upcoming_from"],
            com_allocation_overdue_from=row["com_allocation_overdue_from"],
        ),
        deadlines=Deadlines.when_read(read_deadlines),
        pom_contact_months=Explained(row["pom_contact_months"], why.get("pom_contact_months", "")),
    )


def _trusted(
    stale: bool,
    next_change_on: dt.date | None,
    stored_for: int | None,
    held_at: int | None,
    today: dt.date,
) -> bool:
    """Whether a stored answer holds today: not stale, its next change not come, and stored for
    the prison holding the case now."""
    return (
        not stale and (next_change_on is None or next_change_on > today) and stored_for == held_at
    )


def _explanations(explained: bool | Collection[str]) -> dict[str, Any]:
    """The columns that read the stored explanations: all of them, none, or those named (each
    its own short text, where the whole set of a case's explanations is long)."""
    if explained is True:
        return _EXPLANATIONS
    if explained is False:
        return {}
    return {f"why_{key}": KeyTextTransform(key, "why__explanations") for key in explained}


def stored_evaluations(
    qs: QuerySet[Prisoner], *, today: dt.date, explained: bool | Collection[str] = True
) -> dict[int, Evaluation]:
    """The engine's answer for every prisoner in `qs`, keyed by id, read from the stored rows:
    two queries (the cases with their rows joined would cost a wide join: the ids and prisons
    first, then the rows); the engine's own fixed number more only if some row cannot be
    trusted today. `explained=False` leaves the stored explanations out (blank), and their
    rows unread: counts and lists that show none; the names of some (`"handover"`, ...) read
    only those, for a list that shows a few beside each case."""
    held = dict(qs.order_by().values_list("pk", "current_prison_id"))
    return stored_evaluations_of(held, today=today, explained=explained)


def stored_evaluations_of(
    held: Mapping[int, int | None],
    *,
    today: dt.date,
    explained: bool | Collection[str] = True,
) -> dict[int, Evaluation]:
    """`stored_evaluations` for cases given as {id: the prison holding them now}."""
    if not held:
        return {}
    rows = ids_in(CaseState.objects.order_by(), "prisoner_id", list(held)).values(
        *_COLUMNS, **_DEADLINES_TEXT, **_explanations(explained)
    )
    some = explained if not isinstance(explained, bool) else ()
    answers: dict[int, Evaluation] = {}
    for row in rows:
        pk = row["prisoner_id"]
        if _trusted(row["stale"], row["next_change_on"], row["prison_id"], held[pk], today):
            if explained is not True:  # none, or the few named
                row["explanations"] = {key: row[f"why_{key}"] or "" for key in some}
            answers[pk] = answer_from_row(row, today=today)
    missing = [pk for pk in held if pk not in answers]
    if missing:
        answers.update(evaluate_cases(ids_in(Prisoner.objects.all(), "id", missing), today=today))
    return answers


class StoredState(NamedTuple):
    """The few columns of a case's answer that counts and tallies read (the dashboard's figures,
    caseloads), as one plain tuple: building a whole `Evaluation` for each of a prison's
    thousands of cases cost more than every figure's own work. Empty text means none."""

    in_scope: bool
    case_type: str
    responsible: str
    erd: dt.date | None
    erd_kind: str
    display_release_date: dt.date | None
    display_release_kind: str
    com_allocation_date: dt.date | None
    handover_date: dt.date | None
    upcoming_from: dt.date | None
    com_allocation_overdue_from: dt.date | None
    pom_contact_months: int | None

    @classmethod
    def of(cls, ev: Evaluation) -> StoredState:
        """The same columns from an answer worked out afresh."""
        ho = ev.handover
        return cls(
            ev.in_omic_scope.value,
            ev.case_type.value or "",
            ev.responsibility.responsible,
            ev.earliest_release_date.date,
            ev.earliest_release_date.kind or "",
            ev.display_release_date.date,
            ev.display_release_date.kind or "",
            ho.com_allocation_date,
            ho.handover_date,
            ho.upcoming_from,
            ho.com_allocation_overdue_from,
            ev.pom_contact_months.value,
        )


_STATE_COLUMNS = tuple(f"state__{name}" for name in StoredState._fields)


def stored_states(qs: QuerySet[Prisoner], *, today: dt.date) -> dict[int, StoredState]:
    """`StoredState` of every prisoner in `qs`, keyed by id: one query (the cases with their
    stored rows joined, a few narrow columns), and the engine for any case whose row cannot be
    trusted today, as `stored_evaluations` does."""
    rows = qs.order_by().values_list(
        "pk",
        "current_prison_id",
        "state__prison_id",
        "state__stale",
        "state__next_change_on",
        *_STATE_COLUMNS,
    )
    states: dict[int, StoredState] = {}
    missing: list[int] = []
    for pk, held_at, stored_for, stale, nxt, *columns in rows:
        # No row joined: stale is None.
        if stale is not None and _trusted(stale, nxt, stored_for, held_at, today):
            states[pk] = StoredState(*columns)
        else:
            missing.append(pk)
    if missing:
        fresh = evaluate_cases(ids_in(Prisoner.objects.all(), "id", missing), today=today)
        states.update({pk: StoredState.of(ev) for pk, ev in fresh.items()})
    return states
