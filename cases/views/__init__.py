"""Pages of `cases`, by subject. Thin: selector or service, then render or redirect. The names
are re-exported here so `from cases import views` and `cases.urls` keep working."""

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
from cases.views.sessions import case_record, keywork, keywork_delivery, session_edit, session_new

__all__ = [
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
    "switch_prison",
]
