"""Reads for cases, by subject. Every query that shows prisoners starts from the access layer
(`cases.access`), so it is scoped to what the user may see."""

from cases.models.sessions import POM_CONTACT_HELD, POM_CONTACT_KINDS
from cases.selectors.allocations import (
    AllocationRow,
    allocation_of,
    holders_read,
    prison_allocations,
)
from cases.selectors.audit import (
    AuditEntry,
    AuditFilters,
    audit_entries,
    audit_kinds,
    audit_rows,
)
from cases.selectors.batch import collector_paused, ids_in
from cases.selectors.case_page import CasePage, CaseSummary, case_page, case_summary
from cases.selectors.contact import (
    ContactSummary,
    contact_summary,
    last_pom_contact_at,
    pom_contact_overdue,
)
from cases.selectors.evaluation import (
    DEFAULT_PRISON_RULES,
    CaseFactsRow,
    PrisonRules,
    case_facts,
    evaluate_cases,
    evaluate_each,
    evaluate_prisoner,
    policy_for_prisoner,
    prison_rules,
    with_sentence_and_arrival,
)
from cases.selectors.facts import (
    get_roll_import,
    merged_into,
    roll_imports,
    sentence_history,
)
from cases.selectors.history import HistoryEntry, case_history, policy_history
from cases.selectors.home import HomeSection, home_for_user
from cases.selectors.keywork import KeyworkRow, KeyworkWeek, keywork_delivery, keyworker_caseload
from cases.selectors.omic_panel import (
    CASE_TYPE_LABELS,
    DEADLINE_LABELS,
    POM_TYPE_LABELS,
    RESPONSIBILITY_LABELS,
    OmicPanel,
    OmicRow,
    omic_panel,
)
from cases.selectors.policy import POLICY_GROUPS, policy_rows, prison_policy
from cases.selectors.prisoners import SORTS, PrisonerListFilters, prisoner_list, with_case_columns
from cases.selectors.sessions import get_session_for_user, session_initial
from cases.selectors.state import (
    StoredState,
    stored_evaluations,
    stored_evaluations_of,
    stored_states,
)
from cases.selectors.timeline import case_timeline, timeline_kinds

__all__ = [
    "AllocationRow",
    "prison_allocations",
    "allocation_of",
    "holders_read",
    "AuditEntry",
    "AuditFilters",
    "audit_entries",
    "audit_kinds",
    "audit_rows",
    "CASE_TYPE_LABELS",
    "DEADLINE_LABELS",
    "DEFAULT_PRISON_RULES",
    "POLICY_GROUPS",
    "POM_CONTACT_HELD",
    "POM_CONTACT_KINDS",
    "last_pom_contact_at",
    "POM_TYPE_LABELS",
    "RESPONSIBILITY_LABELS",
    "SORTS",
    "CasePage",
    "CaseFactsRow",
    "CaseSummary",
    "ContactSummary",
    "HistoryEntry",
    "HomeSection",
    "KeyworkRow",
    "KeyworkWeek",
    "OmicPanel",
    "OmicRow",
    "PrisonRules",
    "PrisonerListFilters",
    "case_facts",
    "case_history",
    "case_page",
    "case_summary",
    "case_timeline",
    "collector_paused",
    "contact_summary",
    "evaluate_cases",
    "StoredState",
    "stored_evaluations",
    "stored_states",
    "stored_evaluations_of",
    "evaluate_each",
    "evaluate_prisoner",
    "get_roll_import",
    "get_session_for_user",
    "home_for_user",
    "ids_in",
    "keywork_delivery",
    "keyworker_caseload",
    "merged_into",
    "omic_panel",
    "policy_for_prisoner",
    "policy_history",
    "policy_rows",
    "pom_contact_overdue",
    "prison_policy",
    "prison_rules",
    "prisoner_list",
    "roll_imports",
    "sentence_history",
    "session_initial",
    "timeline_kinds",
    "with_case_columns",
    "with_sentence_and_arrival",
]
