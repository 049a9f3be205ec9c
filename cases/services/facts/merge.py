"""Two prison numbers found to be one person: everything the removed record holds moves onto the
kept one, the removed number is remembered (a search for it finds the kept case), and the
removed record goes. Apps move their own records first (`extensions.merge`), resolving what
cannot simply move (two open tasks of one kind, two handover records); anything still pointing
at the removed record then moves as it is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ForeignKey

from cases import audit, extensions
from cases.audit import ChangeSource
from cases.models import Allocation, MergedNumber, Movement, Prisoner, Sentence, Session


@dataclass(frozen=True)
class MergePreview:
    kept: Prisoner
    removed: Prisoner
    moves: list[tuple[str, int]]  # (what, how many) moving from removed to kept
    warnings: list[str]


def merge_preview(kept: Prisoner, removed: Prisoner) -> MergePreview:
    """What a merge of `removed` into `kept` would move, and what to check first."""
    _check_pair(kept, removed)
    moves = [
        ("Sentences", Sentence.objects.filter(prisoner=removed).count()),
        ("Arrivals, transfers and releases", Movement.objects.filter(prisoner=removed).count()),
        ("Sessions", Session.objects.filter(prisoner=removed).count()),
        *extensions.merge_preview(kept.pk, removed.pk),
    ]
    warnings = []
    if removed.current_prison_id and removed.current_prison_id != kept.current_prison_id:
        warnings.append(
            f"{removed.prison_number} is held at {removed.current_prison}; the kept record's "
            "prison stays."
        )
    if Sentence.objects.filter(prisoner=kept, is_current=True).exists():
        warnings.append(
            f"{kept.prison_number}'s current sentence stays current; "
            f"{removed.prison_number}'s sentences are kept as earlier ones."
        )
    return MergePreview(kept, removed, [m for m in moves if m[1]], warnings)


def _check_pair(kept: Prisoner, removed: Prisoner) -> None:
    if kept.pk == removed.pk:
        raise ValidationError({"removed": "Choose two different prison numbers."})


@transaction.atomic
def prisoners_merge(
    *, kept: Prisoner, removed: Prisoner, source: ChangeSource, at: dt.datetime
) -> Prisoner:
    """Merge `removed` into `kept` (the number NOMIS keeps)."""
    _check_pair(kept, removed)
    first, second = sorted([kept.pk, removed.pk])
    locked = {p.pk: p for p in Prisoner.objects.select_for_update().filter(pk__in=[first, second])}
    kept, removed = locked[kept.pk], locked[removed.pk]
    _move_sentences(kept, removed, source)
    _move_holders(kept, removed, source)
    extensions.merge(kept.pk, removed.pk, source)
    _move_the_rest(kept, removed)
    MergedNumber.objects.filter(prisoner=removed).update(prisoner=kept)
    MergedNumber.objects.create(
        number=removed.prison_number,
        prisoner=kept,
        merged_at=at,
        source=source.name[:100],
        recorded_by=source.user,
    )
    audit.attribute_to(removed, source)
    removed.delete()
    audit.attribute_to(kept, source)
    kept.save(update_fields=[])  # a history row on the kept record naming the merge
    extensions.case_changed([kept.pk])
    return kept


def _move_sentences(kept: Prisoner, removed: Prisoner, source: ChangeSource) -> None:
    if Sentence.objects.filter(prisoner=kept, is_current=True).exists():
        for sentence in Sentence.objects.filter(prisoner=removed, is_current=True):
            sentence.is_current = False
            audit.attribute_to(sentence, source)
            sentence.save(update_fields=["is_current"])
    for sentence in Sentence.objects.filter(prisoner=removed):
        sentence.prisoner = kept
        audit.attribute_to(sentence, source)
        sentence.save(update_fields=["prisoner"])


def _move_holders(kept: Prisoner, removed: Prisoner, source: ChangeSource) -> None:
    """The kept record's holders stay; the removed record's move only if it had none."""
    theirs = Allocation.objects.filter(prisoner=removed).first()
    if theirs is None:
        return
    audit.attribute_to(theirs, source)
    if Allocation.objects.filter(prisoner=kept).exists():
        theirs.delete()
    else:
        theirs.prisoner = kept
        theirs.save(update_fields=["prisoner"])


def _move_the_rest(kept: Prisoner, removed: Prisoner) -> None:
    """Every other record pointing at the removed prisoner moves to the kept one."""
    for relation in Prisoner._meta.related_objects:
        field = relation.field
        if not isinstance(field, ForeignKey) or field.model is MergedNumber:
            continue
        manager = field.model._base_manager
        try:
            with transaction.atomic():
                manager.filter(**{field.name: removed}).update(**{field.name: kept})
        except IntegrityError as exc:
            what = field.model._meta.verbose_name_plural
            raise ValidationError(
                f"Both records hold {what} that cannot be combined; resolve them first.",
                code="conflict",
            ) from exc
