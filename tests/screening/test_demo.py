"""Demo data has tasks in every state, a few completed screenings, and the sweep agrees."""

from django.core.management import call_command
from django.db.models import Q

from screening.models import Bcs, Task
from tests.screening.conftest import NOW


def test_the_demo_has_open_due_soon_overdue_and_done_tasks_and_some_screenings(db: None) -> None:
    call_command("seed_demo", prisons=2, prisoners_per_prison=40, seed=1, force=True)
    open_ = Task.objects.filter(status="open")
    assert open_.filter(overdue=True).exists()
    assert open_.filter(due_soon=True).exists()
    assert open_.filter(overdue=False, due_soon=False).exists()
    assert Task.objects.filter(status="done").exists()
    assert Task.objects.filter(status="done_late").exists()
    assert Bcs.objects.filter(status="complete").count() >= 2
    assert Bcs.objects.filter(on_time=True).exists() and Bcs.objects.filter(on_time=False).exists()
    assert open_.filter(owner__username="pom").exists()
    # The tasks are already what the rules and the sweep say: a sweep now changes nothing.
    from screening.services import sweep_overdue

    before = set(open_.filter(Q(overdue=True) | Q(due_soon=True)).values_list("id", flat=True))
    summary = sweep_overdue(now=NOW)
    assert (summary.flagged, summary.cleared) == (0, 0)
    assert before == set(
        open_.filter(Q(overdue=True) | Q(due_soon=True)).values_list("id", flat=True)
    )
