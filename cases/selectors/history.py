"""Readable history of a case and a prison's policy, from the audit rows already recorded.
Every actor is named with the roles they hold at the prison (`cases.audit.actor_labels`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.utils.text import capfirst

from cases.audit import HISTORY_ACTIONS, HISTORY_SKIP, actor_label, actor_labels
from cases.models import Allocation, Prisoner, PrisonPolicy, Sentence
from cases.text import display_name, long_date


@dataclass(frozen=True)
class HistoryEntry:
    when: dt.datetime
    who: str
    what: str
    action: str
    changes: tuple[tuple[str, str, str], ...]  # (field label, old, new)
    reason: str


# What the audit skips, and the national system's number for the custodial episode (not for
# staff, on the case's own history).
_HISTORY_SKIP = HISTORY_SKIP | {"booking_id"}


def _entries(
    model: type[Model],
    records: list[Any],
    what: str,
    prison_id: int | None,
    *,
    skip: frozenset[str] = frozenset(),
) -> list[HistoryEntry]:
    """Turn simple_history rows (ordered by object, then time) into readable diffs: each field
    by its verbose name, each value in words (choice labels, names, dates, yes or no)."""
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.attname not in _HISTORY_SKIP and f.attname not in skip
    ]
    names = _related_names(fields, records)
    labels = actor_labels((r.history_user_id, prison_id) for r in records)
    entries: list[HistoryEntry] = []
    previous: dict[int, Any] = {}
    for record in records:
        before = previous.get(record.id)
        changes = []
        for field in fields:
            new = getattr(record, field.attname)
            old = getattr(before, field.attname) if before is not None else None
            if before is None and new in (None, "", False):
                continue
            if before is not None and old == new:
                continue
            label = capfirst(str(field.verbose_name))
            changes.append((label, _words(field, old, names), _words(field, new, names)))
        previous[record.id] = record
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=actor_label(labels, record.history_user_id, prison_id),
                what=what,
                action=HISTORY_ACTIONS.get(record.history_type, record.history_type),
                changes=tuple(changes),
                reason=record.history_change_reason or "",
            )
        )
    return entries


def _related_names(fields: list[Any], records: list[Any]) -> dict[tuple[type[Model], Any], str]:
    """The name of every object the records point at: one query per related model."""
    wanted: dict[type[Model], set[Any]] = {}
    for field in fields:
        if field.is_relation:
            ids = {getattr(r, field.attname) for r in records} - {None}
            wanted.setdefault(field.related_model, set()).update(ids)
    names: dict[tuple[type[Model], Any], str] = {}
    for related, ids in wanted.items():
        for pk, obj in related._default_manager.in_bulk(ids).items():
            name = display_name(obj) if hasattr(obj, "get_full_name") else str(obj)
            names[(related, pk)] = name
    return names


def _words(field: Any, value: Any, names: dict[tuple[type[Model], Any], str]) -> str:
    """A stored value as staff read it; "" when empty."""
    if value is None or value == "":
        return ""
    if field.is_relation:
        return names.get((field.related_model, value), "no longer recorded")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return long_date(value)
    return str(value)


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
    entries = _entries(
        PrisonPolicy, records, "Policy", policy.prison_id, skip=frozenset({"prison_id"})
    )
    return sorted(entries, key=lambda e: e.when, reverse=True)
