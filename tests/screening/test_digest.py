"""The daily digest: one email per person per day, after commit, only when there is something."""

import datetime as dt
from collections.abc import Callable

from django.core import mail
from django.utils import timezone

from cases.models import Prison, Role
from screening import services
from screening.models import Task, TaskDigest
from screening.tasks import digests_queue, queue_task_digests, send_task_digest
from tests.screening.conftest import NOW, Arrive

LATER = NOW + dt.timedelta(days=2)


def test_each_person_gets_one_digest_a_day_however_often_the_job_runs(
    leeds: Prison,
    personas: dict,
    arrive: Arrive,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    overdue_case = arrive(leeds, first_name="Ada", last_name="Lovelace")
    unowned = arrive(leeds, pom=None)  # an unowned BCS: the OMU's; the case admin hears of it
    services.tasks_sync([overdue_case.pk, unowned.pk], now=NOW)
    services.tasks_flag(prison=leeds, now=LATER)
    with django_capture_on_commit_callbacks() as callbacks:
        queued = digests_queue(day=LATER.date())
    assert queued == 2 and not mail.outbox  # nothing is sent before commit
    for callback in callbacks:
        callback()
    by_person = {m.to[0]: m for m in mail.outbox}
    pom, admin = personas[Role.PRISON_POM], personas[Role.CASE_ADMIN]
    assert set(by_person) == {pom.email, admin.email}
    body = by_person[pom.email].body
    assert "Overdue (1):" in body and "Ada Lovelace" in body and overdue_case.prison_number in body
    bcs = Task.objects.get(prisoner=overdue_case, kind=Task.Kind.BCS)
    assert bcs.due_at is not None  # a BCS is due by the hour: its moment, in London time
    assert f"due {timezone.localtime(bcs.due_at):%-d %b %Y %H:%M}" in body
    assert by_person[pom.email].subject == "Your OMiC tasks: 1 overdue, 0 due soon"
    # The job runs again the same day: nobody is claimed twice, nothing more is sent.
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_queue(day=LATER.date()) == 0
    assert len(mail.outbox) == 2
    assert TaskDigest.objects.filter(day=LATER.date()).count() == 2
    # A retried send of an already sent digest sends nothing either.
    digest = TaskDigest.objects.get(user=pom)
    assert send_task_digest.delay(digest.pk).get() is False
    assert len(mail.outbox) == 2


def test_nobody_is_emailed_when_nothing_is_due_soon_or_overdue(
    leeds: Prison, arrive: Arrive, django_capture_on_commit_callbacks: Callable
) -> None:
    case = arrive(leeds)
    services.tasks_sync([case.pk], now=NOW)
    Task.objects.update(overdue=False, due_soon=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_task_digests.delay().get() == 0
    assert not mail.outbox and not TaskDigest.objects.exists()


def test_a_digest_whose_tasks_were_done_meanwhile_is_not_sent(
    leeds: Prison, personas: dict, arrive: Arrive, django_capture_on_commit_callbacks: Callable
) -> None:
    case = arrive(leeds)
    services.tasks_sync([case.pk], now=NOW)
    with django_capture_on_commit_callbacks() as callbacks:
        digests_queue(day=NOW.date())
    Task.objects.update(status="not_needed", overdue=False, due_soon=False)
    for callback in callbacks:
        callback()
    assert not mail.outbox
    assert TaskDigest.objects.get(user=personas[Role.PRISON_POM]).sent_at is not None
