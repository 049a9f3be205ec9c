"""Allocation pages (mounted at /allocation/), by subject. Thin: the access check, a form, one
service or selector, then render or redirect. List and staff pages check the permission at the
prison the user is working in; case pages check it on the case, at the case's prison."""

from allocation.views.case import (
    allocate,
    com,
    compare,
    confirm,
    history,
    keyworker,
    missing_form,
    remove,
)
from allocation.views.early import early_assess, early_detail, early_due, early_withdraw
from allocation.views.lists import com_needed, keyworkers, missing, queue, reallocation
from allocation.views.staff import bulk_move, caseload, my_caseload, staff, staff_edit

__all__ = [
    "allocate",
    "bulk_move",
    "caseload",
    "com",
    "com_needed",
    "compare",
    "confirm",
    "early_assess",
    "early_detail",
    "early_due",
    "early_withdraw",
    "history",
    "keyworker",
    "keyworkers",
    "missing",
    "missing_form",
    "my_caseload",
    "queue",
    "reallocation",
    "remove",
    "staff",
    "staff_edit",
]
