"""The OMiC rules engine: pure, typed functions of case facts, a policy and bank holidays.

Typical use::

    from cases.rules import Policy, evaluate, parse_case_facts, evaluation_as_json
    from cases.bank_holidays import bank_holidays_for

    facts, policy = parse_case_facts(payload)          # or build CaseFacts yourself
    ev = evaluate(facts, policy, holidays=bank_holidays_for(facts, policy))
"""

from cases.rules.capacity import (
    capacity_status,
    keywork_compliance,
    keywork_minutes_expected,
    keywork_sessions_expected,
    keyworker_capacity_status,
    pom_capacity,
)
from cases.rules.changes import DEADLINE_NAMES, answer_of, explanations_of, next_change_on
from cases.rules.dates import (
    LONDON,
    add_elapsed_hours,
    add_months,
    add_months_days,
    add_working_days,
    eighteenth_birthday,
    is_working_day,
    london_day,
    london_midnight,
)
from cases.rules.deadlines import (
    bcs_deadline,
    categorisation_deadline,
    deadline_status,
    due_soon_window,
    keyworker_allocation_deadline,
    oasys_deadline,
    oasys_review_deadline,
    pom_contact_due,
    recategorisation_deadline,
    sentence_calculation_deadline,
    transfer_deadline,
)
from cases.rules.engine import (
    case_type,
    evaluate,
    evaluation_as_json,
    handover,
    pom_type,
    responsibility,
)
from cases.rules.facts import CaseFacts, FactsError, KeyDates, PrisonFacts, parse_case_facts
from cases.rules.handovers import in_open_conditions
from cases.rules.policy import Policy, PolicyError
from cases.rules.pom import pom_contact_months
from cases.rules.release import (
    KIND_NAMES,
    displayed_release_date,
    earliest_release_date,
    kind_label,
)
from cases.rules.results import (
    Deadline,
    Deadlines,
    Evaluation,
    Explained,
    Handover,
    ReleaseDate,
    Responsibility,
)
from cases.rules.scope import omic_scope

__all__ = [
    "DEADLINE_NAMES",
    "KIND_NAMES",
    "kind_label",
    "answer_of",
    "explanations_of",
    "next_change_on",
    "LONDON",
    "CaseFacts",
    "Deadline",
    "Deadlines",
    "Evaluation",
    "Explained",
    "FactsError",
    "Handover",
    "KeyDates",
    "Policy",
    "PolicyError",
    "PrisonFacts",
    "ReleaseDate",
    "Responsibility",
    "add_elapsed_hours",
    "add_months",
    "add_months_days",
    "add_working_days",
    "bcs_deadline",
    "capacity_status",
    "keywork_compliance",
    "keywork_minutes_expected",
    "keyworker_capacity_status",
    "pom_capacity",
    "case_type",
    "categorisation_deadline",
    "deadline_status",
    "displayed_release_date",
    "due_soon_window",
    "earliest_release_date",
    "eighteenth_birthday",
    "evaluate",
    "evaluation_as_json",
    "handover",
    "in_open_conditions",
    "is_working_day",
    "keywork_sessions_expected",
    "keyworker_allocation_deadline",
    "london_day",
    "london_midnight",
    "oasys_deadline",
    "oasys_review_deadline",
    "omic_scope",
    "parse_case_facts",
    "pom_contact_due",
    "pom_contact_months",
    "pom_type",
    "recategorisation_deadline",
    "responsibility",
    "sentence_calculation_deadline",
    "transfer_deadline",
]
