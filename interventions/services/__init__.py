"""Writes for interventions, by subject: the directory (`directory`), referring and placing
(`referrals`), a referral's progress and attendance (`progress`) and resettlement needs
(`needs`). One function per business action: keyword-only, atomic, locked, audited
(simple_history with the acting user and the reason), guarded and idempotent."""

from interventions.services.directory import (
    cohort_save,
    intervention_create,
    intervention_update,
    offering_add,
    offering_update,
)
from interventions.services.needs import need_create, need_update
from interventions.services.progress import (
    ATTENDANCE_STATUSES,
    attendance_record,
    referral_assess,
    referral_complete,
    referral_not_complete,
    referral_start,
    referral_withdraw,
)
from interventions.services.referrals import (
    ReferralBlocked,
    referral_create,
    referral_place,
    referral_refer,
)

__all__ = [
    "ATTENDANCE_STATUSES",
    "ReferralBlocked",
    "attendance_record",
    "cohort_save",
    "intervention_create",
    "intervention_update",
    "need_create",
    "need_update",
    "offering_add",
    "offering_update",
    "referral_assess",
    "referral_complete",
    "referral_create",
    "referral_not_complete",
    "referral_place",
    "referral_refer",
    "referral_start",
    "referral_withdraw",
]
