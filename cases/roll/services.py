"""Importing a prison's roll from a file: upload it (it is kept and checked in the background:
a preview, nothing written), then confirm (it is applied in the background as one audited
change through the data-in services). The steps themselves are `cases.roll.jobs`."""

from __future__ import annotations

import hashlib
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from cases.access import StaffUser
from cases.models import Prison, RollImport
from cases.roll import tasks


@transaction.atomic
def roll_import_create(
    *,
    prison: Prison,
    file_name: str,
    content: bytes,
    full_roll: bool,
    acting_user: StaffUser | None,
    max_bytes: int | None = None,
    queue: bool = True,
) -> RollImport:
    """Keep the uploaded file, to be checked in the background (`queue`; the command checks
    it itself). A file over the size limit is refused here."""
    limit = max_bytes or settings.ROLL_IMPORT_MAX_BYTES
    if len(content) > limit:
        raise ValidationError(
            {
                "file": f"The file is {len(content) / 1_000_000:.1f} MB; the most a roll file "
                f"can be is {limit / 1_000_000:.0f} MB."
            }
        )
    roll_import = RollImport.objects.create(
        prison=prison,
        file_name=file_name[:255],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        full_roll=full_roll,
        created_by=acting_user,
    )
    if queue:
        transaction.on_commit(partial(tasks.check_roll_import.delay, roll_import.pk))
    return roll_import


Status = RollImport.Status
WHY_NOT: dict[str, str] = {
    Status.CHECKING: "the file is still being checked",
    Status.INVALID: "the file has errors; correct it and upload it again",
    Status.APPLYING: "it is being applied",
    Status.APPLIED: "it has been applied already",
    Status.FAILED: "it failed; upload the file again",
}


@transaction.atomic
def roll_import_start(
    *, roll_import: RollImport, acting_user: StaffUser | None, queue: bool = True
) -> RollImport:
    """Confirm a previewed import: it will be applied (by `roll_import_run`). 409 when it is
    not ready, or already applied or applying (a second click does nothing more)."""
    roll_import = RollImport.objects.select_for_update().get(pk=roll_import.pk)
    if roll_import.status != RollImport.Status.PREVIEWED:
        why = WHY_NOT.get(roll_import.status, "it is not ready")
        raise ValidationError(f"This import cannot be applied: {why}.", code="conflict")
    roll_import.status = RollImport.Status.APPLYING
    roll_import.applied_by = acting_user
    roll_import.progress = 0
    roll_import.save(update_fields=["status", "applied_by", "progress"])
    if queue:
        transaction.on_commit(partial(tasks.apply_roll_import.delay, roll_import.pk))
    return roll_import
