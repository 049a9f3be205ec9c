"""Who held a case before, and the allocation decisions the case page lists."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from allocation.models import AllocationEvent
from cases.models import Allocation, Prisoner
from cases.people import people
from cases.selectors import holders_read
from cases.text import display_name


def previous_holders(prisoner_ids: Iterable[int], *, field: str) -> dict[int, tuple[int, ...]]:
    """Everyone who held `field` (primary_pom_id, secondary_pom_id, keyworker_id) for each
    prisoner, most recent first, from the allocation's history: one query."""
    seen: dict[int, list[int]] = defaultdict(list)
    history = (
        Allocation.history.filter(prisoner_id__in=list(prisoner_ids))
        .exclude(**{f"{field}__isnull": True})
        .order_by("-history_date", "-history_id")
        .values_list("prisoner_id", field)
    )
    for prisoner_id, holder in history:
        if holder not in seen[prisoner_id]:
            seen[prisoner_id].append(holder)
    return {pk: tuple(ids) for pk, ids in seen.items()}


@dataclass(frozen=True)
class HistoryItem:
    event: AllocationEvent

    @property
    def title(self) -> str:
        e = self.event
        role = e.get_role_display()
        if e.kind == AllocationEvent.Kind.COM_RECORDED:
            return "COM recorded"
        if e.kind == AllocationEvent.Kind.COM_REMOVED:
            return "COM removed"
        if e.kind == AllocationEvent.Kind.DEALLOCATED:
            return f"{role} de-allocated"
        return f"{role} {e.get_kind_display().lower()}"

    @property
    def summary(self) -> str:
        e = self.event
        before, after = display_name(e.from_user), display_name(e.to_user)
        if e.role == AllocationEvent.Role.COM:
            return e.detail
        if before and after:
            return f"{before} to {after}"
        return after or (f"{before} removed" if before else "")

    @property
    def by(self) -> str:
        return display_name(self.event.created_by, nobody="System")

    @property
    def override(self) -> str:
        e = self.event
        if not e.override_reason:
            return ""
        label = e.get_override_reason_display()
        return f"{label}: {e.override_detail}" if e.override_detail else label


def allocation_history(prisoner: Prisoner) -> list[HistoryItem]:
    """Every allocation decision for the case, newest first: one query (two for a case whose
    allocation was loaded outside the services, e.g. imported or demo data)."""
    events = list(
        AllocationEvent.objects.filter(prisoner=prisoner).select_related(
            "from_user", "to_user", "created_by"
        )
    )
    if not events:
        events = _events_from_history(prisoner)
    return [HistoryItem(e) for e in events]


_HISTORY_ROLES = (
    ("primary_pom", AllocationEvent.Role.PRIMARY),
    ("secondary_pom", AllocationEvent.Role.SECONDARY),
    ("keyworker", AllocationEvent.Role.KEYWORKER),
)


def _events_from_history(prisoner: Prisoner) -> list[AllocationEvent]:
    """Unsaved events read back from the allocation's field history, newest first, so an
    allocation recorded before the decision log (or imported) still shows who and when. The
    records first, then, if there are any, the people they name in one query: joined to the
    records, four users cost more to plan and build than the records take to read."""
    records = list(
        Allocation.history.filter(prisoner_id=prisoner.pk).order_by("history_date", "history_id")
    )
    if not records:
        return []
    names = [f"{field_name}_id" for field_name, _ in _HISTORY_ROLES]
    ids = {getattr(r, name) for r in records for name in (*names, "history_user_id")}
    # Who holds the case now, as read with it: most often everyone the records name.
    named = people(ids, known=holders_read(prisoner))
    events: list[AllocationEvent] = []
    before: Any = None
    for record in records:
        for field_name, role in _HISTORY_ROLES:
            old = getattr(before, f"{field_name}_id") if before is not None else None
            new = getattr(record, f"{field_name}_id")
            if old != new:
                events.append(_event_from_record(prisoner, record, role, old, new, named))
        before = record
    return sorted(events, key=lambda e: e.created_at, reverse=True)


def _event_from_record(
    prisoner: Prisoner,
    record: Any,
    role: str,
    old: int | None,
    new: int | None,
    people: Mapping[Any, Any],
) -> AllocationEvent:
    """The change of one role (from the user `old` to `new`) in a history record, as an
    unsaved event; `people` are the users the records name."""
    kind = (
        AllocationEvent.Kind.DEALLOCATED
        if new is None
        else AllocationEvent.Kind.REALLOCATED
        if old
        else AllocationEvent.Kind.ALLOCATED
    )
    when = record.pom_allocated_at if role == "primary" and new else None
    return AllocationEvent(
        prisoner=prisoner,
        kind=kind,
        role=role,
        from_user=people.get(old) if old else None,
        to_user=people.get(new) if new else None,
        reason=record.history_change_reason or (record.reason if role == "primary" else ""),
        created_by=people.get(record.history_user_id),
        created_at=when or record.history_date,
    )
