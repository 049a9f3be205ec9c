"""Screening's figures on the head of OMU's dashboard, against a hand count."""

import datetime as dt

from cases.figures import PrisonContext
from cases.models import Prison
from cases.rules import LONDON
from screening.figures import dashboard_figures
from screening.models import OasysAssessment, Task
from screening.services import tasks_sync
from tests.screening.conftest import NOW, Arrive


def test_bcs_oasys_and_overdue_tasks_equal_the_hand_count(leeds: Prison, arrive: Arrive) -> None:
    late = arrive(leeds, at=dt.datetime(2026, 11, 18, 9, 0, tzinfo=LONDON))  # BCS due 21st
    screened = arrive(leeds)  # arrived 21st, BCS due 24th
    done_late = arrive(leeds, at=dt.datetime(2026, 11, 10, 9, 0, tzinfo=LONDON))
    tasks_sync([late.pk, screened.pk, done_late.pk], now=NOW)
    Task.objects.filter(prisoner=screened, kind="bcs").update(
        status="done", completed_at=NOW, completed_on=NOW.date()
    )
    Task.objects.filter(prisoner=done_late, kind="bcs").update(
        status="done_late", completed_at=NOW, completed_on=NOW.date()
    )
    OasysAssessment.objects.create(
        prisoner=screened, kind="initial", completed_on=dt.date(2026, 10, 1)
    )
    figures = {f.key: f for f in dashboard_figures(PrisonContext(prison=leeds, today=NOW.date()))}
    assert figures["bcs_overdue"].case_ids == {late.pk}
    assert (figures["bcs_on_time"].numerator, figures["bcs_on_time"].denominator) == (1, 2)
    assert (figures["oasys_current"].numerator, figures["oasys_current"].denominator) == (1, 3)
    assert figures["oasys_current"].case_ids == {late.pk, done_late.pk}
    by_hand = [
        t
        for t in Task.objects.filter(status="open", prisoner__in=[late, screened, done_late])
        if (t.due_at is not None and t.due_at < NOW)
        or (t.due_at is None and t.due_on is not None and t.due_on < NOW.date())
    ]
    assert late.pk in {t.prisoner_id for t in by_hand}  # the BCS due by the hour on the 21st
    overdue = len(by_hand)
    assert figures["tasks_overdue"].numerator == overdue
    # It links to the OMU's task list filtered to the same overdue tasks.
    assert figures["tasks_overdue"].list_url.endswith("?status=open&flag=overdue")
    assert "Basic Custody Screening 1" in figures["tasks_overdue"].explanation
