"""The steps every reading of a case's checklist shares, so the full assessment
(`assess_cases`) and the dashboard's counts (`checklist_summaries`) always agree
(docs/rules.md#checklist)."""

from __future__ import annotations

import datetime as dt

from cases import rules as omic
from handover import rules
from handover.selectors.assessment import CurrentSentence


def release_anchor(ev: omic.Evaluation, today: dt.date) -> rules.ReleaseAnchor:
    """The release date the checklist counts back from."""
    return rules.checklist_release_date(
        display=ev.display_release_date.date,
        display_kind=ev.display_release_date.kind,
        earliest=ev.earliest_release_date.date,
        earliest_kind=ev.earliest_release_date.kind,
        today=today,
    )


def has_checklist(sentence: CurrentSentence, ev: omic.Evaluation, *, released: bool) -> bool:
    """No checklist outside OMiC scope or without a sentence (remand, unsentenced, released
    before this service knew them): there is no release to prepare for yet."""
    return sentence.pk is not None and (bool(ev.in_omic_scope.value) or released)


def case_dates(
    ev: omic.Evaluation, release: dt.date | None, sentence: CurrentSentence
) -> rules.CaseDates:
    """The dates the case's checklist counts from."""
    return rules.CaseDates(
        sentence_start=sentence.start,
        com_allocation=ev.handover.com_allocation_date,
        handover=ev.handover.handover_date,
        release=release,
        hdced=sentence.key_dates["home_detention_curfew_eligibility_date"],
        parole_case=sentence.indeterminate
        or sentence.key_dates["parole_eligibility_date"] is not None,
    )
