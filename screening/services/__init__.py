"""Writes for screening, by subject:

- `sync`: keeping OMiC tasks in step with the rules engine (`tasks_sync`);
- `completion`: completing tasks by hand, or by the record that completes them;
- `bcs`: the Basic Custody Screening;
- `records`: categorisation, OASys and the sentence plan's objectives;
- `sweep`: the nightly overdue sweep;
- `digest`: claiming and sending the daily digest (queued by `screening.tasks`).

Services never queue Celery tasks themselves: `screening.tasks` stands above them.
"""

from screening.services.bcs import answers_of, bcs_complete, bcs_save_draft
from screening.services.completion import close_open_task, task_complete, task_mark_not_needed
from screening.services.digest import digest_send, digests_claim
from screening.services.records import (
    categorisation_decide,
    categorisation_documents_record,
    oasys_record,
    objective_add,
    objective_update_status,
)
from screening.services.sweep import (
    Flags,
    SweepSummary,
    flags_wrong,
    flags_wrong_by_prison,
    sweep_overdue,
    sweep_prison,
    tasks_flag,
)
from screening.services.sync import (
    SYNC_CHUNK,
    SyncResult,
    prison_case_ids,
    tasks_plan,
    tasks_sync,
    tasks_sync_prison,
)

__all__ = [
    "SYNC_CHUNK",
    "Flags",
    "SweepSummary",
    "SyncResult",
    "answers_of",
    "bcs_complete",
    "bcs_save_draft",
    "categorisation_decide",
    "categorisation_documents_record",
    "close_open_task",
    "digest_send",
    "digests_claim",
    "flags_wrong",
    "flags_wrong_by_prison",
    "oasys_record",
    "objective_add",
    "objective_update_status",
    "prison_case_ids",
    "sweep_overdue",
    "sweep_prison",
    "task_complete",
    "task_mark_not_needed",
    "tasks_flag",
    "tasks_plan",
    "tasks_sync",
    "tasks_sync_prison",
]
