"""Many new prisoners at once: a prison's first roll import, or a national file, in a few
queries a thousand rows instead of a dozen a row. The same records and audit history as
`prisoner_arrive` gives one new prisoner."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from cases import bulk, extensions
from cases.audit import ChangeSource
from cases.models import Movement, Prison, Prisoner, Sentence
from cases.services.facts.types import Arrival
from cases.services.facts.updates import probation_values

BATCH = 2000


def _taken(numbers: list[str]) -> list[str]:
    taken: list[str] = []
    for start in range(0, len(numbers), BATCH):
        chunk = numbers[start : start + BATCH]
        taken += Prisoner.objects.filter(prison_number__in=chunk).values_list(
            "prison_number", flat=True
        )
    return taken


def _checked(obj: Prisoner | Sentence) -> None:
    # Uniqueness is checked for the whole batch at once (`_taken`), and the related rows (the
    # prison, the prisoner just created) are known to exist: no query a row.
    relations = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)


def _write(
    model: type[Model], objects: list[Any], *, source: ChangeSource, at: dt.datetime, key: str
) -> dict[Any, int]:
    """Insert `objects` with their "created" history; their ids by `key` (a unique field, or
    `prisoner_id` for one row a prisoner)."""
    fields, rows = bulk.object_rows(model, objects)
    bulk.insert_rows(model, fields, rows)
    keys = [getattr(obj, key) for obj in objects]
    found: dict[Any, int] = {}
    for start in range(0, len(keys), BATCH):
        chunk = keys[start : start + BATCH]
        query = model._default_manager.filter(**{f"{key}__in": chunk})
        if model is Sentence:
            query = query.filter(is_current=True)
        found.update(query.values_list(key, "pk"))
    user_id = source.user.pk if source.user is not None else None
    reason = source.history_reason()
    ids = [found[k] for k in keys]
    bulk.insert_history(model, fields, rows, ids=ids, user_id=user_id, reason=reason, at=at)
    return found


@transaction.atomic
def prisoners_arrive_new(
    *, prison: Prison, arrivals: Sequence[Arrival], source: ChangeSource
) -> list[int]:
    """Record prisoners new to the service arriving at `prison`; their ids. 409 (`conflict`)
    if any prison number is already known: those arrive one by one (`prisoner_arrive`)."""
    numbers = [a.prison_number.upper() for a in arrivals]
    taken = _taken(numbers)
    if taken:
        raise ValidationError(f"Already known: {', '.join(sorted(taken)[:10])}.", code="conflict")
    at = timezone.now()
    prisoners = []
    for arrival, number in zip(arrivals, numbers, strict=True):
        prisoner = Prisoner(
            prison_number=number,
            legal_status=arrival.legal_status,
            current_prison=prison,
            created_at=at,
            **arrival.details.values(),
            **probation_values(arrival.probation),
        )
        _checked(prisoner)
        prisoners.append(prisoner)
    by_number = _write(Prisoner, prisoners, source=source, at=at, key="prison_number")
    sentences = []
    for arrival, number in zip(arrivals, numbers, strict=True):
        if arrival.sentence is not None:
            values = {"description": "", **arrival.sentence.values()}
            sentence = Sentence(prisoner_id=by_number[number], is_current=True, **values)
            _checked(sentence)
            sentences.append(sentence)
    _write(Sentence, sentences, source=source, at=at, key="prisoner_id")
    movement = ("prisoner_id", "kind", "to_prison_id", "occurred_at", "reason", "source",
                "recorded_by_id", "from_prison_id")  # fmt: skip
    user_id = source.user.pk if source.user is not None else None
    bulk.insert_rows(
        Movement,
        movement,
        [
            (by_number[number], Movement.Kind.ADMISSION, prison.pk, arrival.arrived_at,
             (arrival.reason or source.reason)[:200], source.name[:100], user_id, None)
            for arrival, number in zip(arrivals, numbers, strict=True)
        ],
    )  # fmt: skip
    ids = list(by_number.values())
    extensions.case_changed(ids)
    return ids
