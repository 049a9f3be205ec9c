"""The COM's contacts with the prisoner, from the handover page and from logged sessions
(docs/rules.md#checklist: COM contacts are counted by day)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncDate

from cases import selectors as case_selectors
from cases.models import Session
from handover.models import HandoverContact

_COLUMNS = ("prisoner_id", "kind_", "day", "pom", "com", "prisoner_")


def _recorded() -> QuerySet[HandoverContact]:
    """Contacts recorded on the handover page during the current sentence."""
    return HandoverContact.objects.filter(sentence__is_current=True).annotate(
        kind_=F("kind"),
        day=F("contact_date"),
        pom=F("pom_attended"),
        com=F("com_attended"),
        prisoner_=F("prisoner_attended"),
    )


def _sessions() -> QuerySet[Session]:
    """Sessions held during the current sentence and logged as a COM contact (the COM and the
    prisoner) or a three-way meeting (the POM, the COM and the prisoner), as handover contacts."""
    three_way = Q(kind=Session.Kind.THREE_WAY)
    return Session.objects.filter(
        held=True,
        status=Session.Status.RECORDED,
        kind__in=(Session.Kind.COM_CONTACT, Session.Kind.THREE_WAY),
        prisoner__sentences__is_current=True,
        occurred_at__date__gte=F("prisoner__sentences__sentence_start_date"),
    ).annotate(
        kind_=Case(
            When(three_way, then=Value(HandoverContact.Kind.HANDOVER_MEETING.value)),
            default=Value(HandoverContact.Kind.COM_CONTACT.value),
            output_field=CharField(),
        ),
        day=TruncDate("occurred_at"),
        pom=ExpressionWrapper(three_way, output_field=BooleanField()),
        com=Value(True),
        prisoner_=Value(True),
    )


def contacts_by_prisoner(ids: QuerySet[Any] | list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each case's contacts during its current sentence, in one query: those recorded on the
    handover page, and the sessions logged as a COM contact or a three-way meeting, held.

    `ids` is a list of prisoner ids or a subquery of them. Each row has `kind` (a
    `HandoverContact.Kind`), `contact_date` and who attended.
    """
    recorded, sessions = _recorded(), _sessions()
    if isinstance(ids, list):
        recorded = case_selectors.ids_in(recorded, "prisoner_id", ids)
        sessions = case_selectors.ids_in(sessions, "prisoner_id", ids)
    else:
        recorded, sessions = (
            recorded.filter(prisoner_id__in=ids),
            sessions.filter(prisoner_id__in=ids),
        )
    contacts: dict[int, list[dict[str, Any]]] = defaultdict(list)
    both = (
        recorded.order_by()
        .values_list(*_COLUMNS)
        .union(sessions.order_by().values_list(*_COLUMNS), all=True)
    )
    for pk, kind, day, pom, com, prisoner in both:
        contacts[pk].append(
            {
                "kind": kind,
                "contact_date": day,
                "pom_attended": pom,
                "com_attended": com,
                "prisoner_attended": prisoner,
            }
        )
    return contacts


def com_met_days(ids: list[int]) -> dict[int, list[dt.date]]:
    """The days the COM met each of these cases during its current sentence (`com_met` of its
    `contacts_by_prisoner`), each day once: one query of two narrow columns."""
    met = Q(com_attended=True, prisoner_attended=True)
    recorded = case_selectors.ids_in(_recorded().filter(met), "prisoner_id", ids)
    sessions = case_selectors.ids_in(_sessions(), "prisoner_id", ids)  # every one a meeting
    days: dict[int, list[dt.date]] = defaultdict(list)
    both = (
        recorded.order_by()
        .values_list("prisoner_id", "day")
        .union(sessions.order_by().values_list("prisoner_id", "day"))
    )
    for pk, day in both:
        days[pk].append(day)
    return days


def com_met(contacts: Iterable[dict[str, Any]]) -> Iterator[dt.date]:
    """The days of the contacts where the COM met the prisoner."""
    return (c["contact_date"] for c in contacts if c["com_attended"] and c["prisoner_attended"])


def com_contacts_before(days: Iterable[dt.date], release: dt.date | None) -> int:
    """Days the COM met the prisoner on or before release (every day with no release date):
    a contact recorded both as a session and on the handover page counts once."""
    return len({day for day in days if release is None or day <= release})


def meeting_held(contacts: Iterable[dict[str, Any]]) -> bool:
    """A handover meeting with both the POM and the COM is recorded."""
    return any(
        c["kind"] == HandoverContact.Kind.HANDOVER_MEETING
        and c["pom_attended"]
        and c["com_attended"]
        for c in contacts
    )
