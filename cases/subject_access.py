"""Everything held about one person, for a subject access request: each app's records as
sections of plain values (`extensions.subject_access`), then JSON or a printable page.

`section(title, qs)` turns a queryset into a section: every stored field of each record, a
choice as its label, a member of staff by name (one query a section), dates as ISO text.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.contrib.auth.models import User as StaffUser
from django.db.models import Field, ForeignKey, Model, QuerySet
from django.utils import timezone

from cases import extensions
from cases.audit import choice_label
from cases.extensions import SubjectAccessSection
from cases.models import (
    AccessLog,
    Allocation,
    MergedNumber,
    Movement,
    Prisoner,
    Sentence,
    Session,
    SessionFollowUp,
)
from cases.selectors.history import case_history
from cases.text import display_name

# Stored but not about the person: file contents, internal counters.
_LEFT_OUT = {"content", "version"}


def _is_staff_link(field: Field[Any, Any]) -> bool:
    return isinstance(field, ForeignKey) and field.related_model is StaffUser


def plain(value: Any) -> Any:
    """A value JSON can carry."""
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    return value


def section(
    title: str, qs: QuerySet[Any] | list[Model], *, leave_out: tuple[str, ...] = ()
) -> SubjectAccessSection:
    """Every record of `qs` as a dict of its stored fields, for a subject access export."""
    objects = list(qs)
    if not objects:
        return SubjectAccessSection(title, [])
    fields = [
        f
        for f in objects[0]._meta.concrete_fields
        if f.name not in _LEFT_OUT and f.name not in leave_out
    ]
    staff_fields = [f for f in fields if _is_staff_link(f)]
    user_ids = {getattr(o, f.attname) for o in objects for f in staff_fields} - {None}
    names = {u.pk: display_name(u) for u in StaffUser.objects.filter(pk__in=user_ids)}
    records = []
    for obj in objects:
        record: dict[str, Any] = {}
        for f in fields:
            value = getattr(obj, f.attname)
            if f in staff_fields:
                record[f.name] = names.get(value) if value is not None else None
            elif f.choices and not isinstance(value, list | tuple):
                record[f.name] = choice_label(f, value)
            else:
                record[f.name] = plain(value)
        records.append(record)
    return SubjectAccessSection(title, records)


def cases_sections(prisoner: Prisoner) -> list[SubjectAccessSection]:
    """What `cases` holds: the case, sentences, movements, merged numbers, holders, sessions and
    their follow-ups, the history of changes and who read the case."""
    history = [
        {
            "when": plain(e.when),
            "who": e.who,
            "what": e.what,
            "action": e.action,
            "changes": [{"field": f, "old": old, "new": new} for f, old, new in e.changes],
            "reason": e.reason,
        }
        for e in case_history(prisoner)
    ]
    return [
        section("Case", [prisoner]),
        section("Sentences", Sentence.objects.filter(prisoner=prisoner).order_by("pk")),
        section("Movements", Movement.objects.filter(prisoner=prisoner).order_by("occurred_at")),
        section("Merged prison numbers", MergedNumber.objects.filter(prisoner=prisoner)),
        section("Who holds the case", Allocation.objects.filter(prisoner=prisoner)),
        section("Sessions", Session.objects.filter(prisoner=prisoner).order_by("occurred_at")),
        section(
            "Session follow-ups",
            SessionFollowUp.objects.filter(session__prisoner=prisoner).order_by("pk"),
        ),
        SubjectAccessSection("History of changes", history),
        section(
            "Who read the case",
            AccessLog.objects.filter(prisoner=prisoner).order_by("at"),
            leave_out=("prisoner", "address"),
        ),
    ]


def subject_access_export(prisoner: Prisoner, *, now: dt.datetime) -> dict[str, Any]:
    """Everything held about the person, from every app, as one JSON-ready document."""
    sections = extensions.subject_access(prisoner)
    return {
        "prison_number": prisoner.prison_number,
        "name": f"{prisoner.first_name} {prisoner.last_name}",
        "made_at": plain(now),
        "sections": [{"title": s.title, "records": s.records} for s in sections],
    }
