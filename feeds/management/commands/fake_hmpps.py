"""`python manage.py fake_hmpps [--port 8099]`: local fakes of HMPPS Auth, Prisoner Search,
the probation record and Tiering on one port, serving documents made from this database (the
demo data), with a few changes for `sync_prison` to find and domain events for
`consume_events --from-file` to apply (written with --events-file). For development only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cases.models import Prison
from feeds.fake.documents import state_from_database
from feeds.fake.scenario import Scenario, drift
from feeds.fake.server import FakeHmpps


class Command(BaseCommand):
    help = "Serve local fakes of the national services (Auth, Prisoner Search, probation, Tiering)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8099)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--prison", default="LEI", help="Where the roll has changed.")
        parser.add_argument("--events-file", help="Write the matching domain events here.")
        parser.add_argument(
            "--no-changes", action="store_true", help="Serve exactly what the database holds."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        state = state_from_database()
        scenario = Scenario()
        code = str(options["prison"]).upper()
        if not options["no_changes"]:
            codes = list(Prison.objects.order_by("code").values_list("code", flat=True))
            if code not in codes:
                raise CommandError(f"No prison with the code {code}: run seed_demo first.")
            other = next((c for c in codes if c != code), "")
            scenario = drift(state, code, other, today=timezone.localdate())
        if options["events_file"]:
            Path(options["events_file"]).write_text(
                "".join(line + "\n" for line in scenario.events), encoding="utf-8"
            )
        server = FakeHmpps(state, host=options["host"], port=options["port"])
        self._tell(server.url, state, scenario, code, options["events_file"])
        try:
            server.httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.httpd.server_close()

    def _tell(
        self, url: str, state: Any, scenario: Scenario, code: str, events_file: str | None
    ) -> None:
        write = self.stdout.write
        write(f"Fake HMPPS services on {url}: {len(state.prisoners)} prisoners.")
        write("Point the service at them (in another shell):")
        write(
            f"  export HMPPS_AUTH_URL={url} PRISONER_SEARCH_URL={url} PROBATION_API_URL={url} "
            f"TIERING_API_URL={url} HMPPS_CLIENT_ID={state.client_id} "
            f"HMPPS_CLIENT_SECRET={state.client_secret}"
        )
        if scenario.roll_changes:
            write(f"For `manage.py sync_prison {code}` to find:")
            for line in scenario.roll_changes:
                write(f"  {line}")
        if scenario.event_changes:
            where = events_file or "(give --events-file FILE to write them)"
            write(f"Domain events for `manage.py consume_events --from-file {where}`:")
            for line in scenario.event_changes:
                write(f"  {line}")
        write("Ctrl-C to stop.")
        self.stdout.flush()
