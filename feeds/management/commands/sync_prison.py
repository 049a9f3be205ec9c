"""`python manage.py sync_prison CODE [--dry-run]`: the prison's whole roll from Prisoner
Search, applied as `import_roll --full-roll` would (docs/commands.md#sync_prison). Prints one
JSON line, the roll import's plus `"requests"`; exits 1 when anything could not be applied, or
without PRISONER_SEARCH_URL."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cases.models import Prison
from feeds import clients, sync


class Command(BaseCommand):
    help = "Read a prison's whole roll from Prisoner Search and apply the differences."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="The prison's code, e.g. LEI.")
        parser.add_argument("--dry-run", action="store_true", help="Read and check; write nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.PRISONER_SEARCH_URL:
            raise CommandError(
                "PRISONER_SEARCH_URL is not set: there is no Prisoner Search to read the roll "
                "from. Set it (and HMPPS_AUTH_URL, HMPPS_CLIENT_ID, HMPPS_CLIENT_SECRET), or "
                "run `python manage.py fake_hmpps` for a local one.",
                returncode=1,
            )
        code = str(options["code"]).upper()
        prison = Prison.objects.filter(code=code).first()
        if prison is None:
            raise CommandError(f"No prison with the code {code}.", returncode=1)
        with clients.connect() as feeds:
            result = sync.sync_prison(prison, feeds, dry_run=options["dry_run"])
        self.stdout.write(json.dumps(result.line()))
        if result.errors:
            raise CommandError(
                f"{len(result.errors)} error(s): the records listed were not applied.",
                returncode=1,
            )
