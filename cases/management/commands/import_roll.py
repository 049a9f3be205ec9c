"""`python manage.py import_roll FILE --prison CODE [--dry-run] [--full-roll]`: a prison's roll
from a CSV or XLSX file, as docs/commands.md#import_roll describes. Prints one JSON line; exits
1 when the file has any error (and then writes nothing)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cases.models import Prison, RollImport
from cases.roll import jobs, services
from cases.roll.plan import RollPlan, plan_roll
from cases.roll.reader import RollFileError, read_roll
from cases.roll.record import RowError

NO_LIMIT = 1 << 40


class Command(BaseCommand):
    help = "Import a prison's roll from a CSV or XLSX file with Prisoner Search column names."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The roll: a CSV (UTF-8) or XLSX file.")
        parser.add_argument("--prison", required=True, help="The prison's code, e.g. LEI.")
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")
        parser.add_argument(
            "--full-roll",
            action="store_true",
            help="The file is the whole roll: prisoners held here and not in it leave.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        prison = Prison.objects.filter(code=str(options["prison"]).upper()).first()
        if prison is None:
            raise CommandError(f"No prison with the code {options['prison']}.", returncode=1)
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.", returncode=1) from exc
        plan = self._plan(prison, content, path.name, full_roll=options["full_roll"])
        if isinstance(plan, str):
            line = _line(prison, {}, [RowError(0, "", plan).as_json()], applied=False)
        elif plan.errors or options["dry_run"]:
            # A file with errors leaves no trace, not even an import record.
            line = _line(prison, plan.counts(), [e.as_json() for e in plan.errors], applied=False)
        else:
            line = self._apply(prison, content, path.name, plan, full_roll=options["full_roll"])
        self.stdout.write(json.dumps(line))
        if line["errors"]:
            raise CommandError(f"{len(line['errors'])} error(s): nothing written.", returncode=1)

    def _plan(
        self, prison: Prison, content: bytes, name: str, *, full_roll: bool
    ) -> RollPlan | str:
        try:
            roll = read_roll(content, file_name=name, max_bytes=NO_LIMIT)
        except RollFileError as exc:
            return str(exc)
        return plan_roll(prison, roll, full_roll=full_roll, today=timezone.localdate())

    def _apply(
        self, prison: Prison, content: bytes, name: str, plan: RollPlan, *, full_roll: bool
    ) -> dict[str, Any]:
        """Apply the plan just made, recorded as one import (the same steps a confirmed upload
        takes, without the wait between preview and apply)."""
        roll_import = services.roll_import_create(
            prison=prison,
            file_name=name,
            content=content,
            full_roll=full_roll,
            acting_user=None,
            max_bytes=NO_LIMIT,
            queue=False,
        )
        RollImport.objects.filter(pk=roll_import.pk).update(status=RollImport.Status.APPLYING)
        roll_import.status = RollImport.Status.APPLYING
        roll_import = jobs.apply_planned(roll_import, plan, now=timezone.now())
        if roll_import.status == RollImport.Status.FAILED:
            failure = [RowError(0, "", roll_import.failure).as_json()]
            return _line(prison, plan.counts(), failure, applied=False)
        return _line(prison, plan.counts(), [], applied=True)


def _line(
    prison: Prison, counts: dict[str, Any], errors: list[Any], *, applied: bool
) -> dict[str, Any]:
    names = ("rows", "new", "changed", "unchanged", "leaving")
    return {
        "prison": prison.code,
        **{name: counts.get(name, 0) for name in names},
        "errors": errors,
        "applied": applied,
    }
