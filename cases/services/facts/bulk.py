"""Many new prisoners at once: a prison's first roll import, or a national file, in a few
queries a thousand rows instead of a dozen a row. The same records and audit history as
`prisoner_arrive` gives one new prisoner."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from cases import extensions
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
    prisoners = []
    for arrival, number in zip(arrivals, numbers, strict=True):
        prisoner = Prisoner(
            prison_number=number,
            legal_status=arrival.legal_status,
            current_prison=prison,
            **arrival.details.values(),
            **probation_values(arrival.probation),
        )
        _checked(prisoner)
        prisoners.append(prisoner)
    reason = source.history_reason()
    bulk_create_with_history(
        prisoners, Prisoner, batch_size=BATCH, default_user=source.user,
        default_change_reason=reason,
    )  # fmt: skip
    by_number = dict(
        Prisoner.objects.filter(prison_number__in=numbers).values_list("prison_number", "pk")
    ) if any(p.pk is None for p in prisoners) else {p.prison_number: p.pk for p in prisoners}  # fmt: skip
    sentences, movements = [], []
    for arrival, number in zip(arrivals, numbers, strict=True):
        pk = by_number[number]
        if arrival.sentence is not None:
            sentence = Sentence(prisoner_id=pk, is_current=True, **arrival.sentence.values())
            _checked(sentence)
            sentences.append(sentence)
        movements.append(
            Movement(
                prisoner_id=pk,
                kind=Movement.Kind.ADMISSION,
                to_prison=prison,
                occurred_at=arrival.arrived_at,
                reason=(arrival.reason or source.reason)[:200],
                source=source.name[:100],
                recorded_by=source.user,
            )
        )
    bulk_create_with_history(
        sentences, Sentence, batch_size=BATCH, default_user=source.user,
        default_change_reason=reason,
    )  # fmt: skip
    Movement.objects.bulk_create(movements, batch_size=BATCH)
    ids = list(by_number.values())
    extensions.case_changed(ids)
    return ids
