"""`manage.py sweep_overdue`: the nightly overdue sweep, run by hand (docs/commands.md#sweep_overdue)."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from screening.services import sweep_overdue


class Command(BaseCommand):
    help = (
        "Run the nightly overdue sweep now (what the Celery beat task runs): bring every "
        "prison's stored OMiC answers and tasks up to date and flag tasks due soon or overdue. "
        "Only the cases whose answer may have changed are evaluated, unless --full. Prints one "
        'JSON line: {"flagged": N, "cleared": N, "evaluated": N, "cases": N, "seconds": S}.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--prison", default="", help="Sweep only this prison (code).")
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Sweep this many prisons at once, in separate processes (PostgreSQL only).",
        )

        parser.add_argument(
            "--full",
            action="store_true",
            help="Evaluate every case and sync every task (the weekly safety net), not only the "
            "cases whose answer may have changed.",
        )

    def handle(self, *args: object, **options: object) -> None:
        code, workers, full = options["prison"], options["workers"], bool(options["full"])
        assert isinstance(code, str) and isinstance(workers, int)
        if workers < 1:
            raise CommandError("--workers must be 1 or more.")
        try:
            summary = sweep_overdue(
                prison_code=code, now=timezone.now(), workers=workers, full=full
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(json.dumps(summary.as_json()))
