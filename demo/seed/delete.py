"""Deleting the previous demo data: demo prisons, everything attached to them, demo users.

Demo data is recognised by the prison codes `seed_demo` generates (`demo_prison_codes()`) and
by usernames (`DEMO_USERNAMES`, plus `demo-` for generated staff). Nothing else is touched,
except that rows of other data pointing at demo rows are detached first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.test.utils import override_settings

from cases.models import (
    Allocation,
    Movement,
    Prison,
    Prisoner,
    PrisonPolicy,
    Sentence,
    Session,
    StaffMember,
    StaffRole,
)
from demo.seed.prisons import demo_prison_codes
from demo.seed.staff import DEMO_USERNAMES, STAFF_PREFIX


def demo_users_q() -> Q:
    return Q(username__in=DEMO_USERNAMES) | Q(username__startswith=STAFF_PREFIX)


def _chunks(ids: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def delete_demo_data() -> int:
    """Delete demo prisons, their prisoners and demo users, with their history. Returns the
    number of prisoners deleted.

    Demo prisoners are those held in a demo prison, and those with no current prison whose
    movements touch one (released demo prisoners). Any prison with a demo code counts as a
    demo prison, even one created by hand.

    Other data is kept. Where it points at demo rows it is detached, since those rows go:
    another user's roles at a demo prison are put back by `seed_demo`, allocations of other
    prisoners to a demo user lose that user, and movements of other prisoners through a demo
    prison are deleted.
    """
    prison_ids, prisoner_ids, user_ids = _demo_ids()
    # Deleting thousands of rows one history record at a time is slow, and the history of demo
    # rows is itself demo data: switch history off, then delete the history rows directly.
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        for chunk in _chunks(prisoner_ids):
            Allocation.objects.filter(prisoner_id__in=chunk).delete()
            Sentence.objects.filter(prisoner_id__in=chunk).delete()
            Movement.objects.filter(prisoner_id__in=chunk).delete()
            Prisoner.objects.filter(id__in=chunk).delete()
            Allocation.history.filter(prisoner_id__in=chunk).delete()
            Sentence.history.filter(prisoner_id__in=chunk).delete()
            Prisoner.history.filter(id__in=chunk).delete()
            Session.history.filter(prisoner_id__in=chunk).delete()
        Movement.objects.filter(
            Q(from_prison_id__in=prison_ids) | Q(to_prison_id__in=prison_ids)
        ).delete()
        for column in ("primary_pom", "secondary_pom", "keyworker", "com"):
            Allocation.objects.filter(**{f"{column}_id__in": user_ids}).update(**{column: None})
        StaffRole.history.filter(Q(user_id__in=user_ids) | Q(prison_id__in=prison_ids)).delete()
        StaffMember.history.filter(user_id__in=user_ids).delete()
        get_user_model().objects.filter(id__in=user_ids).delete()
        PrisonPolicy.history.filter(prison_id__in=prison_ids).delete()
        Prison.history.filter(id__in=prison_ids).delete()
        Prison.objects.filter(id__in=prison_ids).delete()
    return len(prisoner_ids)


def _demo_ids() -> tuple[list[int], list[int], list[int]]:
    """The ids of the demo prisons, their prisoners (held or released) and the demo users."""
    User = get_user_model()
    prison_ids = list(
        Prison.objects.filter(code__in=demo_prison_codes()).values_list("id", flat=True)
    )
    at_demo = Q(current_prison_id__in=prison_ids)
    released_from_demo = Q(current_prison__isnull=True) & (
        Q(movements__from_prison_id__in=prison_ids) | Q(movements__to_prison_id__in=prison_ids)
    )
    prisoner_ids = sorted(
        set(Prisoner.objects.filter(at_demo | released_from_demo).values_list("id", flat=True))
    )
    user_ids = list(User.objects.filter(demo_users_q()).values_list("id", flat=True))
    return prison_ids, prisoner_ids, user_ids
