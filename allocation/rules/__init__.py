"""Allocation rules (docs/rules.md#pom-type): pure, typed functions of plain values, by subject.

Nothing here reads the database or the clock. Capacity comes from `cases.rules.capacity`
(`pom_capacity`, `capacity_status`); the required POM type comes from the rules engine.
"""

from allocation.rules.early import (
    AUTOMATIC_CRITERIA,
    CRITERION_LABELS,
    DISCRETIONARY_CRITERIA,
    EARLY_ALLOCATION_RULES,
    Criterion,
    EarlyAllocationRules,
    Outcome,
    Window,
    assessment_outcome,
    assessment_window,
    latest_release_in_window,
    oasys_date_error,
    unknown_criteria,
    window_opens_on,
)
from allocation.rules.lists import (
    com_missing_reason,
    days_waiting,
    missing_information,
    reallocation_reasons,
)
from allocation.rules.load import DEFAULT_WEIGHTS, Caseload, LoadWeights, case_load, load_status
from allocation.rules.spread import CaseToPlace, Receiver, spread_cases
from allocation.rules.staff import (
    POM_ROLE_VALUES,
    POM_TYPE_LABELS,
    PRISON_POM,
    PROBATION_POM,
    StaffStatus,
    keyworker_capacity,
    staff_pom_role,
    staff_pom_type,
)
from allocation.rules.staffing import Staffing, StaffingStatus, pom_staffing
from allocation.rules.suggestions import (
    KeyworkerCandidate,
    KeyworkerSuggestion,
    PomCandidate,
    Suggestion,
    rank_keyworkers,
    rank_pom_candidates,
)
from allocation.rules.warnings import (
    OVERRIDE_NEEDS_DETAIL,
    OVERRIDE_REASONS,
    AllocationWarning,
    OverrideReason,
    WarningCode,
    allocation_warnings,
    override_errors,
)
from cases.rules.capacity import FULL_TIME_HOURS, SENIOR_POM, staff_capacity

__all__ = [
    "AUTOMATIC_CRITERIA",
    "CRITERION_LABELS",
    "DISCRETIONARY_CRITERIA",
    "EARLY_ALLOCATION_RULES",
    "Criterion",
    "EarlyAllocationRules",
    "Outcome",
    "Window",
    "assessment_outcome",
    "assessment_window",
    "latest_release_in_window",
    "oasys_date_error",
    "unknown_criteria",
    "window_opens_on",
    "DEFAULT_WEIGHTS",
    "FULL_TIME_HOURS",
    "OVERRIDE_NEEDS_DETAIL",
    "OVERRIDE_REASONS",
    "POM_ROLE_VALUES",
    "POM_TYPE_LABELS",
    "PRISON_POM",
    "PROBATION_POM",
    "SENIOR_POM",
    "Staffing",
    "StaffingStatus",
    "AllocationWarning",
    "CaseToPlace",
    "Caseload",
    "KeyworkerCandidate",
    "KeyworkerSuggestion",
    "LoadWeights",
    "OverrideReason",
    "PomCandidate",
    "Receiver",
    "StaffStatus",
    "Suggestion",
    "WarningCode",
    "allocation_warnings",
    "case_load",
    "com_missing_reason",
    "days_waiting",
    "keyworker_capacity",
    "pom_staffing",
    "load_status",
    "missing_information",
    "override_errors",
    "rank_keyworkers",
    "rank_pom_candidates",
    "reallocation_reasons",
    "spread_cases",
    "staff_capacity",
    "staff_pom_role",
    "staff_pom_type",
]
