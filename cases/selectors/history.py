"""Readable history of a case and a prison's policy, from the audit rows already recorded.
Every actor is named with the roles they hold at the prison (`cases.audit.actor_labels`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Model

from cases.audit import HISTORY_ACTIONS, actor_label, actor_labels, field_changes
from cases.models import Allocation, Prisoner, PrisonPolicy, Sentence


@dataclass(frozen=True)
class HistoryEntry:
    when: dt.datetime
    who: str
    what: str
    action: str
    changes: tuple[tuple[str, str, str], ...]  # (field label, old, new)
    reason: str


def _entries(
    model: type[Model], records: list[Any], what: str, prison_id: int | None
) -> list[HistoryEntry]:
    """Turn simple_history rows (ordered by object, then time) into readable diffs."""
    labels = actor_labels((r.history_user_id, prison_id) for r in records)
    entries: list[HistoryEntry] = []
    previous: dict[int, Any] = {}
    for record in records:
        changes = field_changes(model, previous.get(record.id), record)
        previous[record.id] = record
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=actor_label(labels, record.history_user_id, prison_id),
                what=what,
                action=HISTORY_ACTIONS.get(record.history_type, record.history_type),
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
    return entries


def case_history(prisoner: Prisoner) -> list[HistoryEntry]:
    """Every recorded change to the prisoner, their sentences and allocation, newest first;
    each actor with their roles at the case's prison."""
    sources: list[tuple[type, Any, str]] = [
        (Prisoner, Prisoner.history.filter(id=prisoner.pk), "Prisoner details"),
        (Sentence, Sentence.history.filter(prisoner_id=prisoner.pk), "Sentence"),
        (Allocation, Allocation.history.filter(prisoner_id=prisoner.pk), "Allocation"),
    ]
    entries: list[HistoryEntry] = []
    for model, records, what in sources:
        ordered = list(records.order_by("id", "history_date"))
        entries.extend(_entries(model, ordered, what, prisoner.current_prison_id))
    return sorted(entries, key=lambda e: e.when, reverse=True)


def policy_history(policy: PrisonPolicy) -> list[HistoryEntry]:
    if policy.pk is None:
        return []
    records = list(PrisonPolicy.history.filter(id=policy.pk).order_by("id", "history_date"))
    entries = _entries(PrisonPolicy, records, "Policy", policy.prison_id)
    return sorted(entries, key=lambda e: e.when, reverse=True)
