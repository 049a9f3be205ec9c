"""A keyworker's prisoners and the prison's keywork delivery, week by week."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from cases import rules
from cases.access import StaffUser
from cases.models import Prison, Prisoner, Session
from cases.rules import contact as rules_contact


@dataclass(frozen=True)
class KeyworkRow:
    prisoner: Prisoner
    status: rules_contact.ContactStatus


def keyworker_caseload(
    user: StaffUser, *, policy: rules.Policy, today: dt.date
) -> list[KeyworkRow]:
    """A keyworker's prisoners with their next session due, in one query."""
    rows = (
        Prisoner.objects.filter(allocation__keyworker=user, current_prison__isnull=False)
        .annotate(
            last_keywork=Max(
                "sessions__occurred_at",
                filter=Q(
                    sessions__kind=Session.Kind.KEYWORK,
                    sessions__held=True,
                    sessions__status=Session.Status.RECORDED,
                ),
            ),
        )
        .select_related("allocation")
        .order_by("last_name", "first_name")
    )
    result = []
    for p in rows:
        last = timezone.localdate(p.last_keywork) if p.last_keywork else None
        since = (
            timezone.localdate(p.allocation.pom_allocated_at)
            if p.allocation.pom_allocated_at
            else today
        )
        status = rules_contact.keywork_status(
            last_session=last, since=since, every_weeks=policy.keywork_frequency_weeks, today=today
        )
        result.append(KeyworkRow(p, status))
    return result


@dataclass(frozen=True)
class KeyworkWeek:
    start: dt.date
    prisoners: int
    seen: int
    held: int
    expected: int
    not_held: dict[str, int]

    @property
    def seen_rate(self) -> float | None:
        return self.seen / self.prisoners if self.prisoners else None

    @property
    def held_rate(self) -> float | None:
        return rules_contact.compliance_rate(self.held, self.expected).value


def keywork_delivery(
    prison: Prison,
    *,
    policy: rules.Policy,
    weeks: int,
    today: dt.date,
    with_keyworker: int | None = None,
) -> list[KeyworkWeek]:
    """Keywork delivered per week for the last `weeks` weeks, from the sessions logged.

    Prisoners counted are those with a keyworker now (history of keyworker changes is not
    replayed; pass `with_keyworker` where the caller has counted them from the allocations it
    read); expected sessions follow the policy's frequency. Two queries in all.
    """
    monday = today - dt.timedelta(days=today.weekday())
    starts = [monday - dt.timedelta(weeks=n) for n in range(weeks)]
    prisoners = (
        with_keyworker
        if with_keyworker is not None
        else Prisoner.objects.filter(
            current_prison=prison, allocation__keyworker__isnull=False
        ).count()
    )
    sessions = (
        Session.objects.filter(
            prisoner__current_prison=prison,
            kind=Session.Kind.KEYWORK,
            status=Session.Status.RECORDED,
            occurred_at__gte=rules.london_midnight(starts[-1]),
        )
        .annotate(week=TruncWeek("occurred_at"))
        .values("week", "held", "not_held_reason")
        .annotate(sessions=Count("id"), prisoners=Count("prisoner", distinct=True))
    )
    by_week: dict[dt.date, dict[str, Any]] = {
        s: {"seen": 0, "held": 0, "not_held": {}} for s in starts
    }
    labels = dict(Session.NotHeldReason.choices)
    for row in sessions:
        week = row["week"].date() if isinstance(row["week"], dt.datetime) else row["week"]
        bucket = by_week.get(week)
        if bucket is None:
            continue
        if row["held"]:
            bucket["held"] += row["sessions"]
            bucket["seen"] += row["prisoners"]
        else:
            reason = labels.get(row["not_held_reason"], "Other")
            bucket["not_held"][reason] = bucket["not_held"].get(reason, 0) + row["sessions"]
    expected = prisoners // policy.keywork_frequency_weeks
    return [
        KeyworkWeek(start, prisoners, min(b["seen"], prisoners), b["held"], expected, b["not_held"])
        for start, b in by_week.items()
    ]
