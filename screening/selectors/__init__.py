"""Reads for screening, by subject:

- `facts`: what the rules engine and the task sync read;
- `task_lists`: the user's tasks, the OMU's tasks at a prison, one task, each task's status;
- `counts`: the navigation badges and a case's open tasks;
- `case`: a case's tasks, BCS, categorisation, OASys and objectives;
- `nightly`: the sweep's runs and a person's digest.
"""

from screening.selectors.case import (
    BcsPage,
    bcs_page,
    case_tasks,
    categorisations,
    current_bcs,
    deadline_outcomes,
    get_objective,
    oasys_assessments,
    objectives,
    open_task,
)
from screening.selectors.counts import (
    CaseTaskCounts,
    NavCounts,
    case_task_counts,
    nav_counts,
    tasks_changed,
)
from screening.selectors.facts import (
    case_bases,
    case_facts_by_prisoner,
    prisoners_by_id,
    stored_tasks,
    windows_by_prison,
    windows_for,
)
from screening.selectors.nightly import digest_tasks, sweep_runs
from screening.selectors.task_lists import (
    OmuSummary,
    TaskFilters,
    TaskRow,
    get_task_for_user,
    may_on_task,
    my_tasks,
    omu_summary,
    omu_tasks,
    owner_choices,
    task_rows,
    tasks_for_user,
)

__all__ = [
    "BcsPage",
    "CaseTaskCounts",
    "NavCounts",
    "OmuSummary",
    "TaskFilters",
    "TaskRow",
    "bcs_page",
    "case_bases",
    "case_facts_by_prisoner",
    "case_task_counts",
    "case_tasks",
    "categorisations",
    "current_bcs",
    "deadline_outcomes",
    "digest_tasks",
    "get_objective",
    "get_task_for_user",
    "may_on_task",
    "my_tasks",
    "nav_counts",
    "oasys_assessments",
    "objectives",
    "omu_summary",
    "omu_tasks",
    "open_task",
    "owner_choices",
    "prisoners_by_id",
    "stored_tasks",
    "sweep_runs",
    "task_rows",
    "tasks_changed",
    "tasks_for_user",
    "windows_by_prison",
    "windows_for",
]
