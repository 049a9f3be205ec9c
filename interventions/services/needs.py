"""Resettlement needs found after the BCS, and the dated updates that move them on."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cases import versions
from cases.models import Prisoner
from interventions.models import NeedUpdate, ResettlementNeed
from interventions.services.common import (
    apply,
    audit,
    not_after_today,
    required,
    save_new,
    today_or,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@transaction.atomic
def need_create(
    *,
    prisoner: Prisoner,
    acting_user: User,
    area: str,
    owner: str,
    notes: str = "",
    source: str = ResettlementNeed.Source.REVIEW,
    identified_on: dt.date | None = None,
    today: dt.date | None = None,
) -> ResettlementNeed:
    """Record a need found after the BCS (a review, OASys). If the area is already open, the
    open need is returned: a double submission adds nothing."""
    today = today_or(today)
    identified_on = identified_on or today
    not_after_today(identified_on, today, "identified_on")
    Prisoner.objects.select_for_update().filter(pk=prisoner.pk).first()
    existing = ResettlementNeed.objects.filter(
        prisoner=prisoner, area=area, status__in=ResettlementNeed.OPEN_STATUSES
    ).first()
    if existing is not None:
        return existing
    need = ResettlementNeed(
        prisoner=prisoner,
        area=area,
        owner=owner,
        source=source,
        notes=notes.strip(),
        identified_on=identified_on,
        created_by=acting_user,
    )
    save_new(need, acting_user, "Need recorded")
    return need


def _is_repeat(
    need: ResettlementNeed, on: dt.date, status: str, owner: str, note: str
) -> NeedUpdate | None:
    """The last update, if this one says the same and the need already stands so."""
    last = need.updates.order_by("-id").first()
    if last is None or (last.on, last.status, last.owner, last.note) != (on, status, owner, note):
        return None
    return last if (need.status, need.owner) == (status, owner) else None


@transaction.atomic
def need_update(
    *,
    need: ResettlementNeed,
    acting_user: User,
    status: str,
    owner: str,
    note: str,
    on: dt.date,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> NeedUpdate:
    """A dated update: what was done, and the need's status and owner after it. The same
    update submitted twice is kept once. Pages and the API give `expected_version`, the need's
    version the update was made from: a status or owner set meanwhile is not overwritten."""
    today = today_or(today)
    need = ResettlementNeed.objects.select_for_update().get(pk=need.pk)
    note = required(note, "note", "Say what was done or decided.")
    not_after_today(on, today, "on")
    if on < need.identified_on:
        raise ValidationError(
            {"on": f"The need was identified on {need.identified_on}: enter that day or later."}
        )
    repeat = _is_repeat(need, on, status, owner, note)
    if repeat is not None:
        return repeat
    if expected_version is not None:
        versions.check_version(need, expected_version, {"status": status, "owner": owner})
    update = NeedUpdate(
        need=need, on=on, status=status, owner=owner, note=note, created_by=acting_user
    )
    update.full_clean()
    changed = apply(need, {"status": status, "owner": owner})
    if changed:
        audit(need, acting_user, note)
        try:
            with transaction.atomic():
                need.save(update_fields=[*changed, "updated_at", *versions.next_version(need)])
        except IntegrityError as exc:  # one open need per area
            raise ValidationError(
                f"{need.get_area_display()} already has an open need: update that one instead.",
                code="conflict",
            ) from exc
    update.save()
    return update
