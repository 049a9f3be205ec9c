"""One prison's audit: who changed or read what, when and from where, across every history
table and log the apps register (`extensions.audit_sources`).

Each source gives its rows at the prison in the same columns (`cases.audit.AUDIT_COLUMNS`);
the page is one UNION ALL of them, filtered, sorted by time and sliced in the database. Only
the page's rows are then described: one query for the people, one for their roles, one for the
cases, and one or two per kind of row on the page, whatever the audit's size.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User as StaffUser
from django.db.models import Q, QuerySet

from cases import extensions
from cases.audit import actor_label, actor_labels, audit_values, history_source
from cases.extensions import AuditSource
from cases.models import (
    AccessLog,
    Allocation,
    ChangeOrigin,
    Movement,
    Prison,
    Prisoner,
    PrisonPolicy,
    RollImport,
    Sentence,
    Session,
    StaffMember,
    StaffRole,
)


@dataclass(frozen=True)
class AuditFilters:
    kind: str = ""
    prison_number: str = ""
    actor: str = ""  # a username
    oldest_first: bool = False


@dataclass(frozen=True)
class AuditEntry:
    when: dt.datetime
    who: str
    kind: str
    kind_label: str
    action: str
    prison_number: str
    prisoner_name: str
    what: str
    reason: str
    address: str


def audit_kinds() -> dict[str, str]:
    """Every kind of row the audit can show, with its label, in the sources' order."""
    return {source.kind: source.label for source in extensions.audit_sources()}


def audit_rows(prison: Prison, filters: AuditFilters) -> QuerySet[Any]:
    """The prison's audit rows as one UNION query (dicts of `AUDIT_COLUMNS`), sorted by time."""
    sources = [s for s in extensions.audit_sources() if not filters.kind or s.kind == filters.kind]
    parts = [source.rows(prison.pk) for source in sources]
    if filters.prison_number:
        prisoner_ids = Prisoner.objects.filter(prison_number=filters.prison_number.upper())
        parts = [p.filter(a_prisoner__in=prisoner_ids.values("pk")) for p in parts]
    if filters.actor:
        users = StaffUser.objects.filter(username__iexact=filters.actor)
        parts = [p.filter(a_actor__in=users.values("pk")) for p in parts]
    if not parts:
        return AccessLog.objects.none().values()
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    order = ("a_at", "a_ref") if filters.oldest_first else ("-a_at", "-a_ref")
    return combined.order_by(*order)


def audit_entries(prison: Prison, rows: list[dict[str, Any]]) -> list[AuditEntry]:
    """A page of audit rows, described: who (with their roles here), which case, what changed."""
    sources = {s.kind: s for s in extensions.audit_sources()}
    labels = actor_labels((r["a_actor"], prison.pk) for r in rows)
    prisoners = {
        p.pk: p
        for p in Prisoner.objects.filter(pk__in={r["a_prisoner"] for r in rows}).only(
            "prison_number", "first_name", "last_name"
        )
    }
    refs: dict[str, list[int]] = {}
    for r in rows:
        refs.setdefault(r["a_kind"], []).append(r["a_ref"])
    described = {
        kind: sources[kind].describe(ids) if kind in sources else {} for kind, ids in refs.items()
    }
    origins = _origins(sources, refs)
    entries = []
    for r in rows:
        source = sources.get(r["a_kind"])
        prisoner = prisoners.get(r["a_prisoner"])
        actions = source.actions if source else {}
        entries.append(
            AuditEntry(
                when=r["a_at"],
                who=actor_label(labels, r["a_actor"], prison.pk),
                kind=r["a_kind"],
                kind_label=source.label if source else r["a_kind"],
                action=actions.get(r["a_action"], r["a_action"]),
                prison_number=prisoner.prison_number if prisoner else "",
                prisoner_name=f"{prisoner.first_name} {prisoner.last_name}" if prisoner else "",
                what=described[r["a_kind"]].get(r["a_ref"], ""),
                reason=r["a_reason"],
                address=r["a_address"].split("/")[0]
                or origins.get((source.origin if source else "", r["a_ref"]), ""),
            )
        )
    return entries


def _origins(
    sources: dict[str, AuditSource], refs: dict[str, list[int]]
) -> dict[tuple[str, int], str]:
    """The addresses the page's changes came from, by (model, row id): one query."""
    wanted = Q()
    for kind, ids in refs.items():
        origin = sources[kind].origin if kind in sources else ""
        if origin:
            wanted |= Q(model=origin, row_id__in=ids)
    if not wanted:
        return {}
    found = ChangeOrigin.objects.filter(wanted).values_list("model", "row_id", "address")
    return {(model, row_id): address for model, row_id, address in found}


# --- What cases itself records ------------------------------------------------------------------


def _at_prison(qs: QuerySet[Any], prison_id: int) -> QuerySet[Any]:
    """History rows of cases now at the prison."""
    return qs.filter(prisoner__current_prison_id=prison_id)


def _prisoner_rows(qs: QuerySet[Any], prison_id: int) -> QuerySet[Any]:
    here = Prisoner.objects.filter(current_prison_id=prison_id).values("pk")
    return qs.filter(Q(current_prison_id=prison_id) | Q(id__in=here))


def _staff_rows(qs: QuerySet[Any], prison_id: int) -> QuerySet[Any]:
    here = StaffRole.objects.filter(prison_id=prison_id).values("user_id")
    return qs.filter(user_id__in=here)


def _movement_rows(prison_id: int) -> QuerySet[Any]:
    return audit_values(
        Movement.objects.filter(Q(to_prison_id=prison_id) | Q(from_prison_id=prison_id)),
        kind="movement",
        at="occurred_at",
        actor="recorded_by_id",
        action="kind",
        prisoner="prisoner_id",
        reason="source",
    )


def _describe_movements(refs: list[int]) -> dict[int, str]:
    found = Movement.objects.filter(pk__in=refs).select_related("from_prison", "to_prison")
    return {
        m.pk: " → ".join(p.name for p in (m.from_prison, m.to_prison) if p)
        + (f" ({m.reason})" if m.reason else "")
        for m in found
    }


def _roll_rows(prison_id: int) -> QuerySet[Any]:
    return audit_values(
        RollImport.objects.filter(prison_id=prison_id),
        kind="roll_import",
        at="created_at",
        actor="created_by_id",
        action="status",
        prisoner=None,
    )


def _roll_applied_rows(prison_id: int) -> QuerySet[Any]:
    return audit_values(
        RollImport.objects.filter(prison_id=prison_id, applied_at__isnull=False),
        kind="roll_import_applied",
        at="applied_at",
        actor="applied_by_id",
        action="status",
        prisoner=None,
    )


def _describe_rolls(refs: list[int]) -> dict[int, str]:
    found = RollImport.objects.filter(pk__in=refs).only("file_name", "full_roll")
    return {
        r.pk: f"Roll import {r.pk}: {r.file_name}" + (" (the whole roll)" if r.full_roll else "")
        for r in found
    }


def _access_rows(prison_id: int) -> QuerySet[Any]:
    return audit_values(
        AccessLog.objects.filter(prison_id=prison_id),
        kind="access",
        at="at",
        actor="user_id",
        action="kind",
        prisoner="prisoner_id",
        address="address",
    )


def _describe_access(refs: list[int]) -> dict[int, str]:
    return dict(AccessLog.objects.filter(pk__in=refs).values_list("pk", "what"))


def cases_audit_sources() -> list[AuditSource]:
    """What `cases` records: the case's facts, holders and sessions, staff and their roles, the
    prison's policy, roll imports and who read what."""
    roll_actions = dict(RollImport.Status.choices)
    return [
        history_source(
            Prisoner,
            kind="prisoner",
            label="Prisoner details",
            scope=_prisoner_rows,
            prisoner="id",
            order=10,
        ),
        history_source(Sentence, kind="sentence", label="Sentence", scope=_at_prison, order=12),
        AuditSource(
            "movement",
            "Movement",
            _movement_rows,
            _describe_movements,
            order=14,
            actions=dict(Movement.Kind.choices),
            origin="cases.movement",
        ),
        history_source(
            Allocation, kind="holders", label="Who holds the case", scope=_at_prison, order=16
        ),
        history_source(Session, kind="session", label="Session", scope=_at_prison, order=18),
        history_source(
            StaffMember,
            kind="staff",
            label="Staff record",
            scope=_staff_rows,
            prisoner=None,
            order=80,
        ),
        history_source(
            StaffRole,
            kind="staff_role",
            label="Staff role",
            scope=lambda qs, prison_id: qs.filter(prison_id=prison_id),
            prisoner=None,
            order=82,
        ),
        history_source(
            PrisonPolicy,
            kind="policy",
            label="OMiC policy",
            scope=lambda qs, prison_id: qs.filter(prison_id=prison_id),
            prisoner=None,
            order=84,
        ),
        history_source(
            Prison,
            kind="prison",
            label="Prison details",
            scope=lambda qs, prison_id: qs.filter(id=prison_id),
            prisoner=None,
            order=86,
        ),
        AuditSource(
            "roll_import",
            "Roll import uploaded",
            _roll_rows,
            _describe_rolls,
            order=88,
            actions=roll_actions,
            origin="cases.rollimport",
        ),
        AuditSource(
            "roll_import_applied",
            "Roll import applied",
            _roll_applied_rows,
            _describe_rolls,
            order=89,
            actions=roll_actions,
        ),
        AuditSource(
            "access",
            "Reading (access log)",
            _access_rows,
            _describe_access,
            order=95,
            actions=dict(AccessLog.Kind.choices),
        ),
    ]


__all__ = [
    "AuditEntry",
    "AuditFilters",
    "audit_entries",
    "audit_kinds",
    "audit_rows",
    "cases_audit_sources",
]
