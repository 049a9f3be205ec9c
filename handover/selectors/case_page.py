"""One case's handover: its page, the checklist items a user may change, and who holds it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import Http404

from cases import access
from cases import rules as omic
from cases import selectors as case_selectors
from cases.access import User
from cases.models import Prisoner
from cases.text import display_name
from handover import rules
from handover.models import (
    HandoverContact,
    HandoverEvent,
    HandoverNote,
    ParoleReview,
    ResponsibilityOverride,
)
from handover.selectors.assess import assess_prisoner
from handover.selectors.assessment import Assessment, ItemView, com_name_of
from handover.selectors.timeline import TimelineEntry, case_timeline

UPDATE_CHECKLIST = "handover.update_checklist"


@dataclass(frozen=True)
class HandoverPage:
    assessment: Assessment
    timeline: list[TimelineEntry]
    responsibility_changes: list[tuple[dt.date, str, str]]
    sections: list[tuple[str, list[ItemView]]]
    contacts: list[HandoverContact]
    parole_reviews: list[ParoleReview]
    overrides: list[ResponsibilityOverride]
    notes: list[HandoverNote]
    events: list[HandoverEvent]
    acts_as_com: bool
    editable: frozenset[str]  # checklist codes this user may change

    @property
    def active_override(self) -> ResponsibilityOverride | None:
        return next((o for o in self.overrides if o.active), None)


def handover_page(
    user: User, prisoner: Prisoner, *, today: dt.date, evaluation: omic.Evaluation | None = None
) -> HandoverPage:
    """The case's handover page, in a fixed number of queries."""
    a = assess_prisoner(prisoner, today=today, evaluation=evaluation)
    as_com = access.acts_as_com(user, prisoner)
    may_update = access.may_on_case(user, UPDATE_CHECKLIST, prisoner)
    reviews = list(
        ParoleReview.objects.filter(prisoner=prisoner)
        .select_related("recorded_by", "sentence")
        .order_by("-hearing_date", "-id")
    )
    return HandoverPage(
        assessment=a,
        timeline=case_timeline(a, [r for r in reviews if r.sentence_id == a.sentence_id]),
        responsibility_changes=_responsibility_changes(a, today),
        sections=_sections(a.items),
        contacts=_contacts(prisoner, a.sentence_id),
        parole_reviews=reviews,
        overrides=list(
            ResponsibilityOverride.objects.filter(prisoner=prisoner).select_related(
                "created_by", "removed_by"
            )
        ),
        notes=list(HandoverNote.objects.filter(prisoner=prisoner).select_related("author")[:50]),
        events=list(HandoverEvent.objects.filter(prisoner=prisoner).select_related("actor")[:100]),
        acts_as_com=as_com,
        editable=frozenset(
            i.code for i in a.items if item_editable(i, may_update=may_update, as_com=as_com)
        ),
    )


def _responsibility_changes(a: Assessment, today: dt.date) -> list[tuple[dt.date, str, str]]:
    return [
        (day, case_selectors.RESPONSIBILITY_LABELS[state], why)
        for day, state, why in rules.responsibility_changes(
            com_allocation_date=a.handover.com_allocation_date,
            handover_date=a.handover.handover_date,
            today=today,
            override_active=a.override_reason is not None,
        )
    ]


def _sections(items: list[ItemView]) -> list[tuple[str, list[ItemView]]]:
    """The items by checklist section, in the checklist's order."""
    sections: dict[str, list[ItemView]] = {}
    for item in items:
        sections.setdefault(item.definition.section, []).append(item)
    return [(rules.SECTION_LABELS[key], section) for key, section in sections.items()]


def _contacts(prisoner: Prisoner, sentence_id: int | None) -> list[HandoverContact]:
    """The contacts recorded during the current sentence, newest first (none without one)."""
    if sentence_id is None:
        return []
    return list(
        HandoverContact.objects.filter(prisoner=prisoner, sentence_id=sentence_id)
        .select_related("recorded_by")
        .order_by("-contact_date", "-id")
    )


def item_editable(item: ItemView, *, may_update: bool, as_com: bool) -> bool:
    """Whether a user may change this item, given whether they may update this case's checklist
    at all (`may_update`) and reach it only as its COM (`as_com`): never an automatic item; a
    COM only the items the COM owns."""
    if item.definition.automatic or not may_update:
        return False
    return not as_com or item.owner == "com"


def get_item_for_user(
    user: User, prisoner: Prisoner, code: str, *, today: dt.date
) -> tuple[Assessment, ItemView]:
    """The case's checklist item `code` if it applies and the user may change it; else 404."""
    a = assess_prisoner(prisoner, today=today)
    item = next((i for i in a.items if i.code == code), None)
    if item is None or not item_editable(
        item,
        may_update=access.may_on_case(user, UPDATE_CHECKLIST, prisoner),
        as_com=access.acts_as_com(user, prisoner),
    ):
        raise Http404("No such checklist item you can change on this case.")
    return a, item


def get_parole_review_for_user(user: User, prisoner: Prisoner, pk: int) -> ParoleReview:
    """A parole review of this case (one the user may see: the case is theirs); else 404."""
    try:
        return ParoleReview.objects.get(pk=pk, prisoner=prisoner)
    except ParoleReview.DoesNotExist as exc:
        raise Http404("No such parole review on this case.") from exc


def people(a: Assessment) -> dict[str, str]:
    """Who holds the case, in words, for the summary and the prisoner's letter."""
    allocation = a.allocation
    if allocation is None:
        return {"pom": "", "com": "", "com_team": "", "com_email": "", "keyworker": ""}
    return {
        "pom": display_name(allocation.primary_pom),
        "com": com_name_of(allocation),
        "com_team": allocation.com_team,
        "com_email": allocation.com_email,
        "keyworker": display_name(allocation.keyworker),
    }
