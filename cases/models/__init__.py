"""The ground floor's records: prisons and their policy, prisoners, sentences, movements, who
holds each case, staff and their roles, sessions, and the service's own figures."""

from cases.models.access_log import AccessLog, ChangeOrigin
from cases.models.holders import Allocation
from cases.models.imports import RollImport
from cases.models.operations import DailyStatistic, Heartbeat
from cases.models.prisoners import (
    CRN_VALIDATOR,
    PRISON_NUMBER_VALIDATOR,
    TIER_VALIDATOR,
    MergedNumber,
    Movement,
    Prisoner,
    Sentence,
)
from cases.models.prisons import POM_ROLES, PRISON_CODE_VALIDATOR, Prison, PrisonPolicy, Role
from cases.models.sessions import Session, SessionFollowUp
from cases.models.staff import StaffMember, StaffRole
from cases.models.state import CaseExplanation, CaseState

__all__ = [
    "AccessLog",
    "CRN_VALIDATOR",
    "POM_ROLES",
    "PRISON_CODE_VALIDATOR",
    "PRISON_NUMBER_VALIDATOR",
    "TIER_VALIDATOR",
    "Allocation",
    "CaseExplanation",
    "CaseState",
    "ChangeOrigin",
    "DailyStatistic",
    "Heartbeat",
    "MergedNumber",
    "Movement",
    "Prison",
    "PrisonPolicy",
    "Prisoner",
    "Role",
    "RollImport",
    "Sentence",
    "Session",
    "SessionFollowUp",
    "StaffMember",
    "StaffRole",
]
