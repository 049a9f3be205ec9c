"""The daily digest: claiming one email per person per day, and sending it once. The Celery
tasks queue the sends (`screening.tasks.digests_queue`)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cases.models import Role, StaffRole
from cases.rules.words import short_day
from screening.models import NEEDS_ATTENTION, Task, TaskDigest
from screening.selectors.nightly import digest_tasks
from screening.services.common import moment

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def digests_claim(*, day: dt.date) -> list[int]:
    """Claim `day`'s digest for everyone with overdue or due-soon tasks: the POMs who own them,
    and the case admins of prisons with unowned ones. A (user, day) row is unique, so a rerun
    (or a parallel run) claims nobody twice: each run inserts with its own claim token and
    returns only the rows it inserted. Four queries, whatever the number of people."""
    attention = Task.objects.filter(NEEDS_ATTENTION)
    owners = set(
        attention.filter(owner__isnull=False).values_list("owner_id", flat=True).distinct()
    )
    admins = set(
        StaffRole.objects.filter(
            role=Role.CASE_ADMIN,
            prison_id__in=attention.filter(owner__isnull=True).values("prison_id"),
        ).values_list("user_id", flat=True)
    )
    claim = uuid.uuid4().hex
    TaskDigest.objects.bulk_create(
        [TaskDigest(user_id=pk, day=day, claim=claim) for pk in sorted(owners | admins)],
        ignore_conflicts=True,
        batch_size=1000,
    )
    return list(TaskDigest.objects.filter(day=day, claim=claim).values_list("pk", flat=True))


def _digest_body(user: User, tasks: list[Task]) -> str:
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    lines = [f"Hello {user.get_short_name() or user.get_username()},", ""]
    overdue = [t for t in tasks if t.overdue]
    soon = [t for t in tasks if not t.overdue]
    for title, group in (("Overdue", overdue), ("Due soon", soon)):
        if not group:
            continue
        lines.append(f"{title} ({len(group)}):")
        for task in group:
            local = timezone.localtime(task.due_at) if task.due_at else None
            due = f"{short_day(local)} {local:%H:%M}" if local else short_day(task.due_on)
            lines.append(
                f"- {task.get_kind_display()}: {task.prisoner.full_name} "
                f"({task.prisoner.prison_number}), {task.prison.code}, due {due}"
            )
        lines.append("")
    lines.append(f"See your tasks: {base}{reverse('my-tasks')}")
    return "\n".join(lines)


@transaction.atomic
def digest_send(*, digest_id: int, now: dt.datetime | None = None) -> bool:
    """Send one claimed digest, once. False when already sent or nothing is left to list."""
    now = moment(now)
    digest = (
        TaskDigest.objects.select_for_update().select_related("user").filter(pk=digest_id).first()
    )
    if digest is None or digest.sent_at is not None:
        return False
    tasks = digest_tasks(digest.user_id)
    digest.sent_at = now
    digest.overdue = sum(1 for t in tasks if t.overdue)
    digest.due_soon = len(tasks) - digest.overdue
    digest.save(update_fields=["sent_at", "overdue", "due_soon"])
    user = digest.user
    if not tasks or not user.email or not user.is_active:
        return False
    subject = f"Your OMiC tasks: {digest.overdue} overdue, {digest.due_soon} due soon"
    send_mail(subject, _digest_body(user, tasks), None, [user.email])
    return True
