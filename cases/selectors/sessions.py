"""Sessions: one session on a case the user may see, and a form's starting values."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from cases.access import User, prisoners_for_user
from cases.models import Session


def get_session_for_user(user: User, pk: int) -> Session:
    """A session on a case the user may see; 404 otherwise."""
    try:
        return Session.objects.select_related("prisoner").get(
            pk=pk, prisoner__in=prisoners_for_user(user)
        )
    except Session.DoesNotExist as exc:
        raise Http404("No such session on your cases.") from exc


def session_initial(session: Session) -> dict[str, object]:
    local = timezone.localtime(session.occurred_at)
    names = (
        "kind",
        "duration_minutes",
        "place",
        "attendees",
        "not_held_reason",
        "summary",
        "objectives_discussed",
        "needs_or_risks",
    )
    return {
        "date": local.date(),
        "time": local.strftime("%H:%M"),
        "held": "yes" if session.held else "no",
        **{n: getattr(session, n) for n in names},
    }
