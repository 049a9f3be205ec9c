"""Reads for allocation, by subject: queues, one case, caseloads, staff, bulk moves and the
decision history. Each answers in a fixed number of queries whatever the prison's size (the
engine runs over whole querysets, never per row); every list of prisoners starts from the access
layer (`cases.access`)."""

from allocation.selectors.bulk import (
    BulkMovePlan,
    BulkPreview,
    MoveRow,
    PreviewLine,
    ReceiverAfter,
    bulk_move_plan,
    bulk_move_preview,
)
from allocation.selectors.case import (
    AllocateContext,
    KeyworkerContext,
    allocate_context,
    current_allocation,
    get_prisoner_to_allocate,
    keyworker_context,
)
from allocation.selectors.caseload import (
    CASELOAD_SORTS,
    CaseloadRow,
    PomWork,
    caseload_summary,
    pom_caseload,
    pom_work,
)
from allocation.selectors.history import HistoryItem, allocation_history, previous_holders
from allocation.selectors.queues import (
    QUEUE_SORTS,
    Queue,
    allocation_queue,
    com_needed,
    keyworker_needed,
    reallocation_needed,
    suggest_keyworkers,
    unallocated,
)
from allocation.selectors.rows import IN_SCOPE_STATUSES, CaseRow
from allocation.selectors.staff import (
    STAFF_SORTS,
    StaffRow,
    com_users,
    compare_poms,
    fresh_staff_member,
    get_staff_user,
    keyworker_loads,
    pom_load,
    prison_staff,
    staff_at_prisons,
    staff_member,
    staff_overview,
)

__all__ = [
    "CASELOAD_SORTS",
    "IN_SCOPE_STATUSES",
    "STAFF_SORTS",
    "AllocateContext",
    "BulkMovePlan",
    "BulkPreview",
    "CaseRow",
    "CaseloadRow",
    "HistoryItem",
    "KeyworkerContext",
    "MoveRow",
    "PomWork",
    "PreviewLine",
    "Queue",
    "ReceiverAfter",
    "StaffRow",
    "allocate_context",
    "allocation_history",
    "QUEUE_SORTS",
    "allocation_queue",
    "bulk_move_plan",
    "bulk_move_preview",
    "caseload_summary",
    "com_needed",
    "com_users",
    "compare_poms",
    "current_allocation",
    "fresh_staff_member",
    "get_prisoner_to_allocate",
    "get_staff_user",
    "keyworker_context",
    "keyworker_loads",
    "keyworker_needed",
    "pom_caseload",
    "pom_load",
    "pom_work",
    "prison_staff",
    "previous_holders",
    "reallocation_needed",
    "staff_at_prisons",
    "staff_member",
    "staff_overview",
    "suggest_keyworkers",
    "unallocated",
]
