"""The two long steps of a roll import, run as background tasks (`cases.tasks`; in the web
process when there is no broker) so a big file never holds a page: checking the file (a
preview: nothing written) and applying it. Progress is kept in the cache, so the page can show
it while the apply's transaction is still open. Both are safe to run twice."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.audit import ChangeSource
from cases.models import RollImport
from cases.roll.apply import apply_roll
from cases.roll.plan import RollPlan, plan_roll
from cases.roll.reader import RollFileError, read_roll
from cases.roll.record import RowError

LISTED = 200  # rows of each kind kept for the preview page (the counts are always whole)


def progress_key(roll_import_id: int) -> str:
    return f"roll-import:{roll_import_id}:progress"


def _plan(roll_import: RollImport, *, today: dt.date) -> RollPlan | RollFileError:
    try:
        roll = read_roll(
            bytes(roll_import.content), file_name=roll_import.file_name, max_bytes=1 << 40
        )
    except RollFileError as exc:
        return exc
    return plan_roll(roll_import.prison, roll, full_roll=roll_import.full_roll, today=today)


def summary_of(plan: RollPlan) -> dict[str, Any]:
    """The counts, and the first rows of each kind for the preview, as JSON."""
    return {
        **plan.counts(),
        "new_rows": [
            {"row": r.row, "prison_number": r.prison_number, "name": _name(r)}
            for r in [*plan.new, *(record for record, _ in plan.returning)][:LISTED]
        ],
        "changed_rows": [
            {
                "row": c.record.row,
                "prison_number": c.record.prison_number,
                "name": _name(c.record),
                "changes": [asdict(f) for f in c.changes],
            }
            for c in plan.changed[:LISTED]
        ],
        "leaving_rows": [asdict(leaver) for leaver in plan.leaving[:LISTED]],
    }


def _name(record: Any) -> str:
    return f"{record.details.first_name} {record.details.last_name}"


def roll_import_check(*, roll_import_id: int, today: dt.date) -> RollImport:
    """Read the file and find what it would change; store the preview. Writes no fact."""
    roll_import = RollImport.objects.select_related("prison").get(pk=roll_import_id)
    if roll_import.status != RollImport.Status.CHECKING:
        return roll_import  # checked already: running twice changes nothing
    found = _plan(roll_import, today=today)
    if isinstance(found, RollFileError):
        roll_import.errors = [RowError(0, "", str(found)).as_json()]
        roll_import.summary = {"rows": 0, "new": 0, "changed": 0, "unchanged": 0, "leaving": 0}
    else:
        roll_import.errors = [e.as_json() for e in found.errors]
        roll_import.summary = summary_of(found)
    roll_import.status = (
        RollImport.Status.INVALID if roll_import.errors else RollImport.Status.PREVIEWED
    )
    roll_import.progress = 100
    roll_import.save(update_fields=["errors", "summary", "status", "progress"])
    return roll_import


def roll_import_run(*, roll_import_id: int, now: dt.datetime) -> RollImport:
    """Apply a confirmed import: read the file again, check it against the facts as they are
    now, and apply it whole, or record why not. Safe to run twice."""
    roll_import = RollImport.objects.select_related("prison", "applied_by").get(pk=roll_import_id)
    if roll_import.status != RollImport.Status.APPLYING:
        return roll_import
    found = _plan(roll_import, today=timezone.localdate(now))
    if isinstance(found, RollFileError) or found.errors:
        return _failed(roll_import, "The roll no longer fits the records: check it again.")
    return apply_planned(roll_import, found, now=now)


def apply_planned(roll_import: RollImport, found: RollPlan, *, now: dt.datetime) -> RollImport:
    """Apply a plan made just now from this import's file (the command plans once, applies at
    once); record the result on the import."""
    source = ChangeSource(
        label=roll_import.label,
        user=roll_import.applied_by,
        reason=f"{roll_import.file_name}, {roll_import.prison.code}",
    )

    def progress(done: int, total: int) -> None:
        cache.set(progress_key(roll_import.pk), int(100 * done / max(total, 1)), 3600)

    try:
        apply_roll(found, source=source, at=now, progress=progress)
    except ValidationError as exc:
        return _failed(roll_import, " ".join(exc.messages))
    roll_import.status = RollImport.Status.APPLIED
    roll_import.summary = summary_of(found)
    roll_import.applied_at = now
    roll_import.progress = 100
    roll_import.save(update_fields=["status", "summary", "applied_at", "progress"])
    return roll_import


def _failed(roll_import: RollImport, why: str) -> RollImport:
    roll_import.status = RollImport.Status.FAILED
    roll_import.failure = why
    roll_import.save(update_fields=["status", "failure"])
    return roll_import


def progress_of(roll_import: RollImport) -> int:
    """Percent done: the stored figure once finished, else what the running task reported."""
    if roll_import.status in (RollImport.Status.CHECKING, RollImport.Status.APPLYING):
        found = cache.get(progress_key(roll_import.pk))
        return int(found) if found is not None else roll_import.progress
    return roll_import.progress
