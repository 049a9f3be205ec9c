"""Record who read what: every case page opened, case record fetched, list downloaded and
subject access export made leaves one `AccessLog` row (who, what, when, from which address).
And where each change came from: an audit row written during a request gets the request's
address (`ChangeOrigin`)."""

from __future__ import annotations

import datetime as dt
import ipaddress
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User as StaffUser
from django.db.models import Model
from django.http import HttpRequest
from simple_history.models import HistoricalRecords

from cases import access, extensions
from cases.models import AccessLog, ChangeOrigin, Prison, Prisoner
from cases.rules.dates import LONDON
from cases.rules.retention import access_log_cutoff
from cases.security import client_address


def _address(text: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((text or "").strip()))
    except ValueError:
        return None


def access_record(
    *,
    user: StaffUser | None,
    kind: str,
    what: str,
    prison: Prison | None = None,
    prisoner: Prisoner | None = None,
    address: str | None = None,
) -> AccessLog:
    """One row of the access log. The prison is the case's own when a case was read."""
    if prisoner is not None and prison is None:
        prison_id = prisoner.current_prison_id
    else:
        prison_id = prison.pk if prison is not None else None
    row = AccessLog(
        user=user if user is not None and user.is_authenticated else None,
        prison_id=prison_id,
        prisoner=prisoner,
        prison_number=prisoner.prison_number if prisoner is not None else "",
        kind=kind,
        what=what[:300],
        address=_address(address),
    )
    # Every field checked but the three links, which come from rows just read (checking each
    # exists again cost three queries on every case page).
    row.full_clean(exclude=["user", "prison", "prisoner"])
    row.save()
    return row


def access_record_request(
    request: HttpRequest,
    *,
    kind: str,
    what: str,
    prison: Prison | None = None,
    prisoner: Prisoner | None = None,
) -> AccessLog:
    """`access_record` for a request: the signed-in user, the address it came from and, with
    no case or prison named, the prison they are working in."""
    user = request.user if isinstance(request.user, StaffUser) else None
    if prison is None and prisoner is None:
        prison = access.active_prison(request)
    return access_record(
        user=user,
        kind=kind,
        what=what,
        prison=prison,
        prisoner=prisoner,
        address=client_address(request),
    )


def change_origin_record(
    sender: type[Model], instance: Model, created: bool, **kwargs: Any
) -> None:
    """post_save: a new row of an audited model (`extensions.audit_origins`) written while a
    request is served gets that request's address. Rows written by jobs and commands have
    none."""
    if not created or kwargs.get("raw"):
        return
    label = sender._meta.label_lower
    if label not in extensions.audit_origins():
        return
    request = getattr(HistoricalRecords.context, "request", None)  # set by its middleware
    address = _address(client_address(request)) if request is not None else None
    if address is not None and instance.pk is not None:
        ChangeOrigin.objects.create(model=label, row_id=instance.pk, address=address)


PURGE_BATCH = 10_000  # rows a statement: each batch commits alone, holding no lock for long


def access_log_purge(*, today: dt.date, months: int | None = None) -> int:
    """Delete the reads older than the retention period (`ACCESS_LOG_RETENTION_MONTHS`, see
    `cases.rules.retention.access_log_cutoff`), a batch a statement, oldest first. Returns how
    many were deleted; a second run the same day deletes none."""
    cutoff = access_log_cutoff(today, months or settings.ACCESS_LOG_RETENTION_MONTHS).value
    before = dt.datetime.combine(cutoff, dt.time(0), tzinfo=LONDON)
    deleted = 0
    while True:
        batch = AccessLog.objects.filter(at__lt=before).order_by("at", "id").values("pk")
        count, _ = AccessLog.objects.filter(pk__in=batch[:PURGE_BATCH]).delete()
        deleted += count
        if count < PURGE_BATCH:
            return deleted
