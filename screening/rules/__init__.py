"""Pure rules of screening: which OMiC tasks a case needs, how its stored tasks must change,
when a task is due soon, overdue or done late, and what a BCS must contain.

No ORM, no clock: callers pass the engine's `Evaluation`, plain facts and `now`. Due dates and
their explanations come from the rules engine (`cases.rules`); this package only decides which
task rows follow from them. By subject:

- `kinds`: the kinds of task, who owns each, a task's status (due soon, overdue, done late);
- `needed`: which tasks a case needs today;
- `changes`: how its stored tasks must change to match;
- `bcs`: what a Basic Custody Screening must contain, and the needs it identifies;
- `records`: categorisation and OASys.
"""

from screening.rules.bcs import (
    BCS_AREAS,
    SUBSTANCES,
    AreaAnswer,
    BcsAnswers,
    NeedSpec,
    bcs_missing_answers,
    default_need_owner,
    needs_from_bcs,
)
from screening.rules.changes import (
    Close,
    NewTask,
    Redate,
    StoredTask,
    TaskChanges,
    task_changes,
)
from screening.rules.kinds import (
    BCS,
    CATEGORISATION,
    DONE,
    DONE_LATE,
    ENGINE_DEADLINE,
    KEYWORKER_ALLOCATION,
    KINDS,
    NOT_NEEDED,
    OASYS,
    OASYS_REVIEW,
    OPEN,
    POM_CONTACT,
    POM_KINDS,
    PRE_HANDOVER_OASYS,
    RECATEGORISATION,
    RECORDED_KINDS,
    RECURRING_KINDS,
    SENTENCE_CALCULATION,
    TRANSFER,
    Windows,
    completion_status,
    oasys_review_kind,
    task_flags,
    task_owner,
    task_status,
)
from screening.rules.needed import (
    NO_POM,
    RELEASED,
    CaseBasis,
    CaseTasks,
    Satisfied,
    TaskSpec,
    case_tasks,
    pom_contact_task,
)
from screening.rules.records import (
    OASYS_TASK_KINDS,
    categories_for,
    categorisation_task_kind,
    not_in_future,
)

__all__ = [
    "BCS",
    "BCS_AREAS",
    "CATEGORISATION",
    "DONE",
    "DONE_LATE",
    "ENGINE_DEADLINE",
    "KEYWORKER_ALLOCATION",
    "KINDS",
    "NOT_NEEDED",
    "NO_POM",
    "OASYS",
    "OASYS_REVIEW",
    "OASYS_TASK_KINDS",
    "OPEN",
    "POM_CONTACT",
    "POM_KINDS",
    "PRE_HANDOVER_OASYS",
    "RECATEGORISATION",
    "RECORDED_KINDS",
    "RECURRING_KINDS",
    "RELEASED",
    "SENTENCE_CALCULATION",
    "SUBSTANCES",
    "TRANSFER",
    "AreaAnswer",
    "BcsAnswers",
    "CaseBasis",
    "CaseTasks",
    "Close",
    "NeedSpec",
    "NewTask",
    "Redate",
    "Satisfied",
    "StoredTask",
    "TaskChanges",
    "TaskSpec",
    "Windows",
    "bcs_missing_answers",
    "case_tasks",
    "categories_for",
    "categorisation_task_kind",
    "completion_status",
    "default_need_owner",
    "needs_from_bcs",
    "not_in_future",
    "oasys_review_kind",
    "pom_contact_task",
    "task_changes",
    "task_flags",
    "task_owner",
    "task_status",
]
