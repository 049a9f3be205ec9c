"""Factories for `handover`: contacts, checklist items, parole reviews, notes, overrides and
the handover timeline. Rows tied to a sentence take the prisoner's."""

from __future__ import annotations

import datetime as dt

import factory

from demo.factories.base import M, RowFactory
from demo.factories.cases import PrisonerFactory, SentenceFactory, UserFactory
from handover.models import (
    ChecklistItem,
    HandoverContact,
    HandoverEvent,
    HandoverNote,
    ParoleReview,
    ResponsibilityOverride,
)

_AT = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


class _OnSentence(RowFactory[M]):
    class Meta:
        abstract = True

    prisoner = factory.SubFactory(PrisonerFactory)
    sentence = factory.SubFactory(SentenceFactory, prisoner=factory.SelfAttribute("..prisoner"))


class HandoverContactFactory(_OnSentence[HandoverContact]):
    """A COM contact with the prisoner, in person."""

    class Meta:
        model = HandoverContact

    kind = HandoverContact.Kind.COM_CONTACT
    contact_date = dt.date(2026, 3, 2)
    method = HandoverContact.Method.IN_PERSON
    com_attended = True
    prisoner_attended = True
    created_at = _AT


class ChecklistItemFactory(_OnSentence[ChecklistItem]):
    """A checklist item for the POM, still to do."""

    class Meta:
        model = ChecklistItem

    code = "risk_management_plan"
    owner = ChecklistItem.Owner.POM
    updated_at = _AT


class ParoleReviewFactory(_OnSentence[ParoleReview]):
    """A parole hearing awaited."""

    class Meta:
        model = ParoleReview

    hearing_date = dt.date(2026, 6, 1)
    created_at = _AT


class HandoverNoteFactory(RowFactory[HandoverNote]):
    class Meta:
        model = HandoverNote

    prisoner = factory.SubFactory(PrisonerFactory)
    text = "Settled on the wing."
    author = factory.SubFactory(UserFactory)
    author_role = "OMU"
    created_at = _AT


class ResponsibilityOverrideFactory(RowFactory[ResponsibilityOverride]):
    class Meta:
        model = ResponsibilityOverride

    prisoner = factory.SubFactory(PrisonerFactory)
    reason = ResponsibilityOverride.Reason.COMMUNITY_TEAM
    created_by = factory.SubFactory(UserFactory)
    created_at = _AT


class HandoverEventFactory(RowFactory[HandoverEvent]):
    """One line of a case's handover timeline."""

    class Meta:
        model = HandoverEvent

    prisoner = factory.SubFactory(PrisonerFactory)
    at = _AT
    action = HandoverEvent.Action.CONTACT_RECORDED
    summary = "COM contact recorded"
