"""The work allocation's Celery tasks do (`allocation.tasks`): plain functions of ids and days,
each safe to run twice. The services queue the email task but never need these functions, so
the tasks import only this module and no import goes round in a circle."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from allocation.models import AllocationEvent, EarlyAllocationWindow
from allocation.rules import assessment_window
from cases.models import Prison, Prisoner, Sentence, StaffMember
from cases.selectors import POM_TYPE_LABELS, stored_evaluations
from cases.text import display_name


def allocation_notify(*, event_ids: Sequence[int]) -> int:
    """Email a POM about cases just allocated to them, once. Returns emails sent (0 or 1).

    Rows are claimed under a lock and marked sent in the same transaction as the send, so a
    failed send is retried by the task and a repeated task sends nothing.
    """
    with transaction.atomic():
        events = list(
            AllocationEvent.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in=list(event_ids), notified_at__isnull=True, to_user__isnull=False)
            .select_related("prisoner", "prison", "to_user", "created_by")
            .order_by("pk")
        )
        if not events:
            return 0
        pom = events[0].to_user
        sent = 0
        if pom is not None and pom.email:  # never None: the query asks for a to_user
            send_mail(
                subject=_subject(events),
                message=_body(events),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[pom.email],
            )
            sent = 1
        AllocationEvent.objects.filter(pk__in=[e.pk for e in events]).update(
            notified_at=timezone.now()
        )
    return sent


def _subject(events: Sequence[AllocationEvent]) -> str:
    if len(events) == 1:
        p = events[0].prisoner
        return f"New case: {p.full_name} ({p.prison_number})"
    return f"{len(events)} new cases allocated to you"


def _body(events: Sequence[AllocationEvent]) -> str:
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    lines = [f"Dear {display_name(events[0].to_user)},", ""]
    lines.append(
        "You have been allocated the following case"
        + ("s" if len(events) > 1 else "")
        + " in the OMU service:"
    )
    for e in events:
        p = e.prisoner
        role = "co-working POM" if e.role == AllocationEvent.Role.SECONDARY else "POM"
        where = f" at {e.prison.name}" if e.prison else ""
        by = display_name(e.created_by, nobody="the OMU")
        lines.append(
            f"- {p.full_name} ({p.prison_number}) as {role}{where}, by {by}: "
            f"{base}/prisoners/{p.prison_number}/"
        )
        if e.recommended_pom_type:
            lines.append(
                f"  Recommended POM type: {POM_TYPE_LABELS.get(e.recommended_pom_type, '')}."
            )
        if e.note_to_pom:
            lines.append(f"  Note: {e.note_to_pom}")
    lines += ["", "Offender management in custody"]
    return "\n".join(lines)


def staff_return_from_leave(*, today: dt.date) -> int:
    """Bring back everyone whose leave ends on or before `today`, set-based and idempotent.

    Rows are claimed with SKIP LOCKED, so two overlapping runs never return anyone twice;
    history rows are written in bulk with the reason.
    """
    with transaction.atomic():
        due = list(
            StaffMember.objects.select_for_update(skip_locked=True).filter(
                status=StaffMember.Status.LEAVE, return_date__lte=today
            )
        )
        for member in due:
            member.status = StaffMember.Status.ACTIVE
            member.return_date = None
        if due:
            bulk_update_with_history(
                due,
                StaffMember,
                ["status", "return_date"],
                default_change_reason=f"Back from leave on {today:%Y-%m-%d} (automatic)",
            )
    return len(due)


def early_allocation_windows_record(*, today: dt.date) -> int:
    """Record each in-scope case whose current sentence is now within its early allocation
    window and was not recorded before: one row a sentence, so running it twice adds nothing.
    Returns the rows added. Reads the stored answers prison by prison."""
    added = 0
    for prison_id in Prison.objects.order_by("pk").values_list("pk", flat=True):
        qs = Prisoner.objects.filter(current_prison_id=prison_id)
        evaluations = stored_evaluations(qs, today=today)
        opened: dict[int, tuple[dt.date, dt.date]] = {}
        for pk, ev in evaluations.items():
            window = assessment_window(ev.earliest_release_date.date, today=today)
            if ev.in_omic_scope.value and window.release_date and window.opens_on and window.open:
                opened[pk] = (window.release_date, window.opens_on)
        if not opened:
            continue
        sentences = Sentence.objects.filter(prisoner_id__in=list(opened), is_current=True)
        rows = [
            EarlyAllocationWindow(
                prisoner_id=prisoner_id,
                sentence_id=sentence_id,
                prison_id=prison_id,
                release_date=opened[prisoner_id][0],
                opens_on=opened[prisoner_id][1],
                recorded_on=today,
            )
            for sentence_id, prisoner_id in sentences.values_list("pk", "prisoner_id")
        ]
        before = EarlyAllocationWindow.objects.filter(prison_id=prison_id).count()
        EarlyAllocationWindow.objects.bulk_create(rows, ignore_conflicts=True)
        added += EarlyAllocationWindow.objects.filter(prison_id=prison_id).count() - before
    return added
