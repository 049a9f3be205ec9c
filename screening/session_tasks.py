"""What a recorded session means for a case's tasks (registered with `cases.extensions`): a
follow-up agreed becomes a task, and a POM contact held closes the contact task."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from cases.models import Session, SessionFollowUp
from screening.models import Task
from screening.services.completion import close_open_task
from screening.services.sync import tasks_sync

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def session_recorded(session: Session, acting_user: User, now: dt.datetime) -> None:
    prison_id = session.prisoner.current_prison_id
    if prison_id:
        _follow_up_tasks(session, prison_id)
    if session.held:
        _close_pom_contact_task(session, acting_user=acting_user, now=now)


def _follow_up_tasks(session: Session, prison_id: int) -> None:
    """Each follow-up agreed in a session becomes a task for whoever logged it, so it shows in
    their task list and the nightly sweep flags it when due."""
    follow_ups = SessionFollowUp.objects.filter(session=session).order_by("pk")
    day = timezone.localdate(session.occurred_at)
    Task.objects.bulk_create(
        Task(
            prisoner=session.prisoner,
            prison_id=prison_id,
            kind=Task.Kind.FOLLOW_UP,
            due_on=f.due,
            basis=f"session:{session.pk}",
            explanation=f"{f.description}: agreed in a session ({session.get_kind_display()}) "
            f"on {day}.",
            owner=session.staff,
        )
        for f in follow_ups
    )


def _close_pom_contact_task(session: Session, *, acting_user: User, now: dt.datetime) -> None:
    """A POM supervision or three-way meeting held is the POM contact the model asks for: it
    closes the case's open POM contact task, and the next one counts from it."""
    if session.kind not in (Session.Kind.POM_SUPERVISION, Session.Kind.THREE_WAY):
        return
    day = timezone.localdate(session.occurred_at)
    close_open_task(
        session.prisoner,
        [Task.Kind.POM_CONTACT],
        acting_user=acting_user,
        completed_at=now,
        completed_on=day,
        reason=f"{session.get_kind_display()} held on {day:%-d %B %Y}.",
    )
    tasks_sync([session.prisoner_id], now=now)  # the next contact counts from this one
