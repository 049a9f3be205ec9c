"""Reads for the handover app: every case's handover assessed from the engine's dates.

The case page assesses its case in full (`assess_prisoner`); the lists place every case from its
stored answer without explanations (`list_entries`) and assess in full only the rows they show
(`assess_cases`, a fixed number of queries, then `handover.rules` in memory).

By subject: `assessment` (what is said about one case), `assess` (assessing cases),
`checklist` (the steps every checklist reading shares), `summaries` (the dashboard's checklist
counts), `contacts` (the COM's contacts), `facts` (what the rules engine reads from handover),
`lists` (the handover and parole lists), `timeline` and `case_page` (one case).
"""

from handover.selectors.assess import assess_cases, assess_prisoner
from handover.selectors.assessment import (
    Assessment,
    CurrentSentence,
    ItemView,
    allocation_of,
    com_is_allocated,
    com_name_of,
    com_named,
    with_current_sentence,
)
from handover.selectors.case_page import (
    HandoverPage,
    get_item_for_user,
    get_parole_review_for_user,
    handover_page,
    item_editable,
    people,
)
from handover.selectors.contacts import contacts_by_prisoner
from handover.selectors.facts import case_facts_by_prisoner
from handover.selectors.lists import (
    LISTS,
    HandoverLists,
    ListEntry,
    ListRows,
    ParoleRow,
    cases_for_user,
    handover_lists,
    list_entries,
    parole_cases,
    search,
)
from handover.selectors.summaries import (
    ChecklistSummary,
    checklist_summaries,
    com_contact_counts,
    public_protection_open,
)
from handover.selectors.timeline import TimelineEntry, case_timeline, timeline

__all__ = [
    "LISTS",
    "Assessment",
    "ChecklistSummary",
    "CurrentSentence",
    "HandoverLists",
    "HandoverPage",
    "ItemView",
    "ListEntry",
    "ListRows",
    "ParoleRow",
    "TimelineEntry",
    "allocation_of",
    "assess_cases",
    "assess_prisoner",
    "case_facts_by_prisoner",
    "case_timeline",
    "cases_for_user",
    "checklist_summaries",
    "com_contact_counts",
    "com_is_allocated",
    "com_name_of",
    "com_named",
    "contacts_by_prisoner",
    "get_item_for_user",
    "get_parole_review_for_user",
    "handover_lists",
    "handover_page",
    "item_editable",
    "list_entries",
    "parole_cases",
    "people",
    "public_protection_open",
    "search",
    "timeline",
    "with_current_sentence",
]
