"""POM contact and keywork: when each case was last seen, when next due, and whether overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Max, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from cases import rules
from cases.models import Prison, Prisoner, Session
from cases.models.sessions import POM_CONTACT_HELD
from cases.rules import contact as rules_contact
from cases.selectors.allocations import allocation_of
from cases.selectors.batch import ids_in


def last_pom_contact_at(prisoner: str = "pk") -> Subquery:
    """The moment of the last POM contact of the prisoner `prisoner` refers to, as a subquery."""
    return Subquery(
        Session.objects.filter(POM_CONTACT_HELD, prisoner=OuterRef(prisoner))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )


@dataclass(frozen=True)
class ContactSummary:
    pom: rules_contact.ContactStatus
    keywork: rules_contact.ContactStatus | None  # None where the prison does no keywork


def contact_summary(
    prisoner: Prisoner, *, evaluation: rules.Evaluation, policy: rules.Policy, today: dt.date
) -> ContactSummary:
    """Last contact, next due and overdue for POM contact and keywork, in one query (two for a
    case read without its allocation)."""
    held = Session.objects.filter(prisoner=prisoner).aggregate(
        last_pom=Max("occurred_at", filter=POM_CONTACT_HELD),
        last_keywork=Max(
            "occurred_at",
            filter=Q(held=True, status=Session.Status.RECORDED, kind=Session.Kind.KEYWORK),
        ),
    )
    allocation = allocation_of(prisoner)
    pom_since = (
        timezone.localdate(allocation.pom_allocated_at)
        if allocation and allocation.pom_allocated_at
        else None
    )
    last_pom = held["last_pom"] and timezone.localdate(held["last_pom"])
    last_keywork = held["last_keywork"] and timezone.localdate(held["last_keywork"])
    pom = rules_contact.pom_contact_status(
        last_contact=last_pom,
        since=pom_since,
        every_months=evaluation.pom_contact_months.value,
        today=today,
    )
    keywork = None
    if prisoner.current_prison and prisoner.current_prison.function != Prison.Function.OPEN:
        keyworker_since = pom_since if allocation and allocation.keyworker_id else None
        keywork = rules_contact.keywork_status(
            last_session=last_keywork,
            since=keyworker_since,
            every_weeks=policy.keywork_frequency_weeks,
            today=today,
        )
    return ContactSummary(pom=pom, keywork=keywork)


def pom_contact_overdue(
    every_months: Mapping[int, int | None],
    *,
    allocated: Mapping[int, dt.date | None],
    today: dt.date,
) -> set[int]:
    """Which of these allocated cases, given with their contact period in months (the engine's
    `pom_contact_months`) and the London day of their allocation to the POM (`allocated`),
    have had no POM contact in that period today: one query for the last contact held of each,
    then the pure contact rule per case."""
    last_contact = dict(
        ids_in(Session.objects.order_by(), "prisoner_id", list(every_months))
        .filter(POM_CONTACT_HELD, occurred_at__lt=rules.london_midnight(today + dt.timedelta(1)))
        .values("prisoner_id")
        .annotate(last=Max(TruncDate("occurred_at", tzinfo=rules.LONDON)))  # its London day
        .values_list("prisoner_id", "last")
    )
    overdue = set()
    for pk, months in every_months.items():
        due = rules_contact.pom_contact_due(
            last_contact=last_contact.get(pk), since=allocated.get(pk), every_months=months
        )
        if due is not None and today > due:  # overdue the day after, as pom_contact_status
            overdue.add(pk)
    return overdue
