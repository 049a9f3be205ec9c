"""Allocation rules (docs/rules.md#pom-type): pure, typed functions of plain values, by subject.

Nothing here reads the database or the clock. Capacity comes from `cases.rules.capacity`
(`pom_capacity`, `capacity_status`); the required POM type comes from the rules engine.
"""

from allocation.rules.lists import (
    com_missing_reason,
    days_waiting,
    missing_information,
    reallocation_reasons,
)
from allocation.rules.load import DEFAULT_WEIGHTS, Caseload, LoadWeights, case_load, load_status
from allocation.rules.spread import CaseToPlace, Receiver, spread_cases
from allocation.rules.staff import (
    FULL_TIME_HOURS,
    POM_ROLE_VALUES,
    POM_TYPE_LABELS,
    PRISON_POM,
    PROBATION_POM,
    SENIOR_POM,
    StaffStatus,
    keyworker_capacity,
    staff_capacity,
    staff_pom_role,
    staff_pom_type,
)
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

__all__ = [
    "DEFAULT_WEIGHTS",
    "FULL_TIME_HOURS",
    "OVERRIDE_NEEDS_DETAIL",
    "OVERRIDE_REASONS",
    "POM_ROLE_VALUES",
    "POM_TYPE_LABELS",
    "PRISON_POM",
    "PROBATION_POM",
    "SENIOR_POM",
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
