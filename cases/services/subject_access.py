"""A subject access export: everything held about one person, made and audited."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib.auth.models import User as StaffUser
from django.db import transaction
from django.template.loader import render_to_string

from cases.access import User
from cases.models import AccessLog, Prisoner
from cases.services.access_log import access_record
from cases.subject_access import subject_access_export

FORMATS = ("json", "html")


@transaction.atomic
def subject_access_make(
    *,
    prisoner: Prisoner,
    acting_user: User | None,
    file_format: str,
    now: dt.datetime,
    address: str | None = None,
    via: str = "",
) -> tuple[str, dict[str, Any]]:
    """The export as text (JSON, or a printable HTML page) and as data; one access log row
    says who made it, when and from where (`via`: "command" for the management command)."""
    if file_format not in FORMATS:
        raise ValueError(f"Unknown format {file_format!r}: one of {', '.join(FORMATS)}.")
    document = subject_access_export(prisoner, now=now)
    if file_format == "json":
        text = json.dumps(document, indent=2, ensure_ascii=False, default=str)
    else:
        text = render_to_string("cases/subject_access_document.html", {"document": document})
    how = f"{file_format.upper()}{', ' + via if via else ''}"
    access_record(
        user=acting_user if isinstance(acting_user, StaffUser) else None,
        kind=AccessLog.Kind.SUBJECT_ACCESS,
        what=f"Subject access export of {prisoner.prison_number} ({how})",
        prisoner=prisoner,
        address=address,
    )
    return text, document
