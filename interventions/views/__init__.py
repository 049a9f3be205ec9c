"""Pages of the interventions app, by subject: the directory (`offerings`), one case
(`case`), one referral (`referrals`) and the prison's lists (`lists`). Thin: a check through
`cases.access`, a selector or one service, then render or redirect."""

from interventions.views.case import need_new, need_update, prisoner_interventions, refer
from interventions.views.lists import at_risk, completions, pre_release, waiting_lists
from interventions.views.offerings import (
    cohort_edit,
    cohort_new,
    directory,
    intervention_edit,
    intervention_new,
    national,
    offering_detail,
    offering_edit,
    offering_new,
)
from interventions.views.referrals import attendance, referral_action, referral_detail

__all__ = [
    "at_risk",
    "attendance",
    "cohort_edit",
    "cohort_new",
    "completions",
    "directory",
    "intervention_edit",
    "intervention_new",
    "national",
    "need_new",
    "need_update",
    "offering_detail",
    "offering_edit",
    "offering_new",
    "pre_release",
    "prisoner_interventions",
    "referral_action",
    "referral_detail",
    "refer",
    "waiting_lists",
]
