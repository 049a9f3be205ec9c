"""Writes for allocation, by subject: one function per business action, keyword-only, atomic and
audited (`steps` holds what they share: the lock, the version check, the history, the email
queued on commit).

The Celery tasks' work (`allocation_notify`, `staff_return_from_leave`) lives in
`allocation.jobs`, so the tasks need nothing from here; it is named here too.
"""

from allocation.jobs import allocation_notify, staff_return_from_leave
from allocation.moves import KeyworkerAssignment, PlannedMove
from allocation.services.checks import PomCheck
from allocation.services.com import com_record, com_remove
from allocation.services.early import (
    early_allocation_assess,
    early_allocation_decide,
    early_allocation_facts_reconcile,
    early_allocation_withdraw,
)
from allocation.services.information import prisoner_record_missing_information
from allocation.services.keyworker import (
    keyworker_allocate,
    keyworker_bulk_allocate,
    keyworker_deallocate,
)
from allocation.services.leaving import allocations_end
from allocation.services.pom import (
    allocation_assign,
    allocation_bulk_move,
    allocation_deallocate,
    allocation_reallocate,
)
from allocation.services.staff import STAFF_FIELDS, staff_update

__all__ = [
    "STAFF_FIELDS",
    "KeyworkerAssignment",
    "PlannedMove",
    "PomCheck",
    "allocation_assign",
    "allocation_bulk_move",
    "allocation_deallocate",
    "allocation_notify",
    "allocation_reallocate",
    "allocations_end",
    "com_record",
    "com_remove",
    "early_allocation_assess",
    "early_allocation_decide",
    "early_allocation_facts_reconcile",
    "early_allocation_withdraw",
    "keyworker_allocate",
    "keyworker_bulk_allocate",
    "keyworker_deallocate",
    "prisoner_record_missing_information",
    "staff_return_from_leave",
    "staff_update",
]
