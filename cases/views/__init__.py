"""Pages of `cases`, by subject. Thin: selector or service, then render or redirect. The names
are re-exported here so `from cases import views` and `cases.urls` keep working."""

from cases.views.audit import audit, subject_access
from cases.views.facts import (
    arrival_new,
    details_edit,
    prisoner_merge,
    prisoner_release,
    prisoner_transfer,
    sentence_edit,
)
from cases.views.figures import dashboard, figure_cases, monthly_report, prison_comparison
from cases.views.general import (
    healthz,
    home,
    prison_policy,
    prisoner_detail,
    prisoner_history,
    prisoner_list,
    switch_prison,
)
from cases.views.roll import roll_import, roll_import_apply, roll_import_detail
from cases.views.sessions import case_record, keywork, keywork_delivery, session_edit, session_new

__all__ = [
    "audit",
    "arrival_new",
    "details_edit",
    "prisoner_merge",
    "prisoner_release",
    "prisoner_transfer",
    "roll_import",
    "roll_import_apply",
    "roll_import_detail",
    "sentence_edit",
    "case_record",
    "dashboard",
    "figure_cases",
    "healthz",
    "home",
    "keywork",
    "keywork_delivery",
    "monthly_report",
    "prison_comparison",
    "prison_policy",
    "prisoner_detail",
    "prisoner_history",
    "prisoner_list",
    "session_edit",
    "session_new",
    "subject_access",
    "switch_prison",
]
