"""The engine's answers for one case as labelled rows, each with its explanation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from cases import rules
from cases.extensions import DeadlineOutcome
from cases.text import long_date


@dataclass(frozen=True)
class OmicRow:
    label: str
    value: str
    explanation: str
    status: str = ""  # a deadline's colour tag: overdue, due_soon, not_due, done, done_late
    key: str = ""  # a deadline's name in the engine (`rules.Deadlines`), for deadline rows


DEADLINE_LABELS = {
    "bcs": "Basic Custody Screening",
    "sentence_calculation": "Sentence calculation",
    "transfer": "Transfer from reception prison",
    "keyworker_allocation": "Keyworker allocated",
    "categorisation": "Categorisation",
    "recategorisation": "Recategorisation",
    "oasys": "OASys and sentence plan",
    "oasys_review": "OASys review",
}
CASE_TYPE_LABELS = {"custody": "Custody case", "community": "Community case"}
POM_TYPE_LABELS = {
    "prison": "Prison POM",
    "probation": "Probation POM",
    "third_sector": "Third-sector POM",
    "senior_third_sector": "Senior third-sector POM",
}
RESPONSIBILITY_LABELS = {
    "pom_responsible": "POM responsible",
    "com_supporting": "POM responsible, COM supporting",
    "com_responsible": "COM responsible, POM supporting",
}


@dataclass(frozen=True)
class OmicPanel:
    in_scope: bool
    summary: tuple[OmicRow, ...]
    deadlines: tuple[OmicRow, ...]


def omic_panel(
    ev: rules.Evaluation,
    policy: rules.Policy,
    *,
    now: dt.datetime,
    outcomes: Mapping[str, DeadlineOutcome] | None = None,
) -> OmicPanel:
    """The engine's answers as labelled rows, each with its explanation and colour tag.

    `outcomes` (by deadline name) are what apps record as done: a deadline shows "done" or
    "done late" when the outcome is for the same due moment the engine gives today.
    """
    deadlines = _deadline_rows(ev, policy, now=now, outcomes=outcomes or {})
    return OmicPanel(ev.in_omic_scope.value, _summary_rows(ev), deadlines)


def _summary_rows(ev: rules.Evaluation) -> tuple[OmicRow, ...]:
    erd = ev.earliest_release_date
    ho = ev.handover
    in_scope = ev.in_omic_scope
    return (
        OmicRow(
            "OMiC scope", "In scope" if in_scope.value else "Out of scope", in_scope.explanation
        ),
        OmicRow(
            "Case type",
            CASE_TYPE_LABELS.get(ev.case_type.value or "", "Not known"),
            ev.case_type.explanation,
        ),
        OmicRow(
            "POM type",
            POM_TYPE_LABELS.get(ev.pom_type.value or "", "No recommendation"),
            ev.pom_type.explanation,
        ),
        OmicRow(
            "Responsibility",
            RESPONSIBILITY_LABELS[ev.responsibility.state],
            ev.responsibility.explanation,
        ),
        OmicRow(
            "Earliest release date",
            f"{long_date(erd.date)} ({rules.kind_label(erd.kind)})" if erd.date else "Not known",
            erd.explanation,
        ),
        OmicRow("COM allocation date", long_date(ho.com_allocation_date), ho.explanation),
        OmicRow("Handover date", long_date(ho.handover_date), ho.explanation),
    )


def _deadline_rows(
    ev: rules.Evaluation,
    policy: rules.Policy,
    *,
    now: dt.datetime,
    outcomes: Mapping[str, DeadlineOutcome],
) -> tuple[OmicRow, ...]:
    soon = dt.timedelta(days=policy.due_soon_days)
    bcs_soon = dt.timedelta(hours=policy.bcs_due_soon_hours)
    today = rules.london_day(now)
    rows = []
    for name, label in DEADLINE_LABELS.items():
        deadline: rules.Deadline = getattr(ev.deadlines, name)
        if not deadline.applies:
            continue
        status = ""
        if deadline.due is not None:
            is_moment = isinstance(deadline.due, dt.datetime)
            status = rules.deadline_status(
                deadline.due,
                now_or_today=now if is_moment else today,
                due_soon=bcs_soon if is_moment else soon,
            )
            outcome = outcomes.get(name)
            if outcome is not None and outcome.due == deadline.due:
                status = outcome.status
        due = long_date(deadline.due, missing="Not known")
        rows.append(OmicRow(label, due, deadline.explanation, status, key=name))
    return tuple(rows)
