"""Who made a change and why, for the audit history (django-simple-history) of any model; how
the audit names each actor; and the shape every audit source gives its rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.contrib.auth.models import User as StaffUser
from django.db.models import (
    BigIntegerField,
    CharField,
    DateTimeField,
    F,
    Field,
    Model,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Coalesce

from cases.extensions import AuditSource
from cases.models import Role, StaffRole
from cases.text import display_name

_HISTORY_REASON_LENGTH = 100  # simple_history's history_change_reason column


@dataclass(frozen=True)
class ChangeSource:
    """Who or what changes a case's facts, and why: every data-in service takes one.

    `label` names a process ("roll import 12", "prisoner search sync 3", "domain event
    5d3c...") or is empty for a person's own edit; `user` is the person who made or started it;
    `reason` says why in their words.
    """

    label: str = ""
    user: StaffUser | None = None
    reason: str = ""

    @classmethod
    def by(cls, user: StaffUser, reason: str = "") -> ChangeSource:
        return cls(label="", user=user, reason=reason)

    @property
    def name(self) -> str:
        """What the case record shows as "by": the process, else the person."""
        if self.label:
            return self.label
        return display_name(self.user, nobody="System")

    def history_reason(self) -> str:
        """The audit history's reason: the process and why, cut to the column's length."""
        text = ": ".join(part for part in (self.label, self.reason.strip()) if part)
        return text[:_HISTORY_REASON_LENGTH]


def attribute_to(obj: Model, source: ChangeSource) -> None:
    """`attribute` for a data-in change: the person behind it and the source's reason."""
    attribute(obj, user=source.user, reason=source.history_reason())


def attribute(obj: Model, *, user: Any, reason: str | None = None) -> None:
    """Name who is changing `obj` (a user, or None for the system) and, if given, why: its next
    save writes both into the history row. Call it just before saving."""
    # simple_history reads these two attributes off the instance when it saves.
    obj._history_user = user  # type: ignore[attr-defined]  # read by simple_history on save
    if reason is not None:
        obj._change_reason = reason  # type: ignore[attr-defined]  # read by simple_history on save


# --- Who: every actor labelled with the roles they hold at the prison --------------------------


def actor_labels(
    pairs: Iterable[tuple[int | None, int | None]],
) -> dict[tuple[int, int | None], str]:
    """Each (user id, prison id) as the audit shows its actor: "Jo Bloggs (Head of OMU)", the
    roles they hold at that prison now (`StaffRole`); with no prison (a case released), the
    name alone. Two queries, however many pairs."""
    wanted = {(u, p) for u, p in pairs if u is not None}
    user_ids = {u for u, _ in wanted}
    users = {u.pk: u for u in StaffUser.objects.filter(pk__in=user_ids)}
    held: dict[tuple[int, int], set[str]] = {}
    for holder_id, held_at, role in StaffRole.objects.filter(
        user_id__in=user_ids, prison_id__in={p for _, p in wanted if p is not None}
    ).values_list("user_id", "prison_id", "role"):
        held.setdefault((holder_id, held_at), set()).add(role)
    labels: dict[tuple[int, int | None], str] = {}
    for user_id, prison_id in wanted:
        user = users.get(user_id)
        if user is None:
            labels[user_id, prison_id] = "A removed user"
            continue
        if prison_id is None:
            labels[user_id, prison_id] = display_name(user)
            continue
        roles = [
            label for value, label in Role.choices if value in held.get((user_id, prison_id), ())
        ]
        if roles:
            held_as = ", ".join(roles)
        else:
            held_as = "administrator" if user.is_superuser else "no role at this prison"
        labels[user_id, prison_id] = f"{display_name(user)} ({held_as})"
    return labels


def actor_label(
    labels: dict[tuple[int, int | None], str], user_id: int | None, prison_id: int | None
) -> str:
    """The actor's label from `actor_labels`, "System" for no one."""
    if user_id is None:
        return "System"
    return labels.get((user_id, prison_id), "A member of staff")


# --- What changed: a history row against the one before it ------------------------------------

HISTORY_ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}

HISTORY_SKIP = {  # bookkeeping of a history row, not what changed
    "id",
    "history_id",
    "history_date",
    "history_user",
    "history_type",
    "history_change_reason",
    "history_user_id",
    "prisoner",
    "prisoner_id",
    "created_at",
}


def _shown(field: Field[Any, Any], value: Any, names: dict[int, str] | None) -> str:
    if value is None:
        return ""
    if names is None:  # as stored
        return str(value)
    if field.related_model is StaffUser:
        return names.get(value, str(value))
    return str(choice_label(field, value))


def choice_label(field: Field[Any, Any], value: Any) -> Any:
    """A stored value as people read it: a choice by its label (each item of a list of
    choices too), anything else as it is."""
    if not field.choices:
        return value
    labels = dict(field.flatchoices)
    if isinstance(value, list | tuple):
        return ", ".join(str(labels.get(v, v)) for v in value)
    return labels.get(value, value)


def field_changes(
    model: type[Model], before: Any, after: Any, names: dict[int, str] | None = None
) -> tuple[tuple[str, str, str], ...]:
    """(field label, old, new) for each field that differs between two history rows of one
    object (`before` None: the fields set when it was created). With `names` (the members of
    staff a field links to, by id), a choice is shown by its label and a person by name;
    without, every value as stored."""
    changes = []
    for field in model._meta.concrete_fields:
        if field.attname in HISTORY_SKIP:
            continue
        new = getattr(after, field.attname)
        old = getattr(before, field.attname) if before is not None else None
        if before is None and new in (None, "", False):
            continue
        if before is not None and old == new:
            continue
        changes.append(
            (str(field.verbose_name), _shown(field, old, names), _shown(field, new, names))
        )
    return tuple(changes)


def describe_history(model: type[Model], refs: list[int]) -> dict[int, str]:
    """What each history row (by `history_id`) changed, as one line: three queries."""
    history = model.history.model  # type: ignore[attr-defined]  # added by HistoricalRecords
    earlier = (
        history.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    rows = list(history.objects.filter(history_id__in=refs).annotate(before=Subquery(earlier)))
    befores = {
        r.history_id: r
        for r in history.objects.filter(history_id__in=[r.before for r in rows if r.before])
    }
    staff_fields = [f.attname for f in model._meta.concrete_fields if f.related_model is StaffUser]
    user_ids = {getattr(r, a) for r in [*rows, *befores.values()] for a in staff_fields}
    names = {u.pk: display_name(u) for u in StaffUser.objects.filter(pk__in=user_ids - {None})}
    name = str(model._meta.verbose_name).capitalize()
    described = {}
    for row in rows:
        before = befores.get(row.before)
        changes = field_changes(model, before, row, names)
        listed = "; ".join(
            f"{label[:1].upper()}{label[1:]}: {old} → {new or '(cleared)'}"
            if old
            else f"{label[:1].upper()}{label[1:]}: {new}"
            for label, old, new in changes
        )
        described[row.history_id] = f"{name} {row.id}" + (f": {listed}" if listed else "")
    return described


# --- One prison's audit: every source's rows in the same columns, for one UNION query ----------

AUDIT_COLUMNS = (
    "a_at",
    "a_actor",
    "a_kind",
    "a_action",
    "a_prisoner",
    "a_ref",
    "a_reason",
    "a_address",
)

Column = str | Combinable | None


def _column(value: Column, output: Field[Any, Any]) -> Cast:
    if value is None:
        return Cast(Value(None), output_field=output)
    return Cast(F(value) if isinstance(value, str) else value, output_field=output)


def audit_values(
    qs: QuerySet[Any],
    *,
    kind: str,
    at: Column,
    actor: Column,
    action: Column,
    prisoner: Column,
    ref: Column = "pk",
    reason: Column = None,
    address: Column = None,
) -> QuerySet[Any]:
    """`qs` as audit rows: each argument names a field (or gives an expression) for a column."""
    columns = {
        "a_at": _column(at, DateTimeField()),
        "a_actor": _column(actor, BigIntegerField()),
        "a_kind": _column(Value(kind), CharField()),
        "a_action": _column(action, CharField()),
        "a_prisoner": _column(prisoner, BigIntegerField()),
        "a_ref": _column(ref, BigIntegerField()),
        "a_reason": Coalesce(_column(reason, TextField()), Value(""), output_field=TextField()),
        "a_address": Coalesce(_column(address, TextField()), Value(""), output_field=TextField()),
    }
    return qs.order_by().annotate(**columns).values(*AUDIT_COLUMNS)


def history_source(
    model: type[Model],
    *,
    kind: str,
    label: str,
    scope: Callable[[QuerySet[Any], int], QuerySet[Any]],
    order: int,
    prisoner: Column = "prisoner_id",
) -> AuditSource:
    """An audit source over a model's history table: `scope(history rows, prison id)` keeps
    the rows of one prison; `prisoner` names the case each row is about (None: no case)."""
    manager = model.history  # type: ignore[attr-defined]  # added by HistoricalRecords

    def rows(prison_id: int) -> QuerySet[Any]:
        return audit_values(
            scope(manager.all(), prison_id),
            kind=kind,
            at="history_date",
            actor="history_user_id",
            action="history_type",
            prisoner=prisoner,
            ref="history_id",
            reason="history_change_reason",
        )

    return AuditSource(
        kind=kind,
        label=label,
        rows=rows,
        describe=partial(describe_history, model),
        order=order,
        actions=HISTORY_ACTIONS,
        origin=manager.model._meta.label_lower,
    )
