"""`python manage.py consume_events [--from-file FILE] [--once]`: apply HMPPS domain events
from the SQS queue (DOMAIN_EVENTS_QUEUE_URL; SQS_ENDPOINT_URL for a local one) or from FILE, one
SQS message body a line (docs/commands.md#consume_events). Prints one JSON line at the end:
{"received": N, "applied": N, "duplicates": N, "parked": N}. Exits 0 unless it could not
start. Without --from-file or --once it reads the queue until stopped (SIGTERM or Ctrl-C,
between batches): the production worker."""

from __future__ import annotations

import json
import signal
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from feeds import clients
from feeds.events.loop import consume
from feeds.events.sources import FileSource, Source, SqsSource


class Command(BaseCommand):
    help = "Apply HMPPS domain events from the SQS queue or from a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from-file", help="A file of SQS message bodies, one a line.")
        parser.add_argument(
            "--once", action="store_true", help="Stop when the queue is empty (not for ever)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.PRISONER_SEARCH_URL:
            raise CommandError(
                "PRISONER_SEARCH_URL is not set: events are applied by reading the fresh "
                "record from Prisoner Search.",
                returncode=1,
            )
        source = self._source(options["from_file"])
        forever = not options["from_file"] and not options["once"]
        stop = _Stop() if forever else None
        with clients.connect() as feeds:
            total = consume(source, feeds, once=options["once"], stop=stop.asked if stop else None)
        self.stdout.write(json.dumps(total.line()))

    def _source(self, path: str | None) -> Source:
        if path:
            file = Path(path)
            if not file.is_file():
                raise CommandError(f"Cannot read {file}: no such file.", returncode=1)
            return FileSource(file)
        if not settings.DOMAIN_EVENTS_QUEUE_URL:
            raise CommandError(
                "Give --from-file FILE, or set DOMAIN_EVENTS_QUEUE_URL to read the queue.",
                returncode=1,
            )
        return SqsSource(settings.DOMAIN_EVENTS_QUEUE_URL, endpoint_url=settings.SQS_ENDPOINT_URL)


class _Stop:
    """SIGTERM or Ctrl-C ends the loop between batches, never inside one."""

    def __init__(self) -> None:
        self.stopping = False
        signal.signal(signal.SIGTERM, self._ask)
        signal.signal(signal.SIGINT, self._ask)

    def _ask(self, signum: int, frame: FrameType | None) -> None:
        self.stopping = True

    def asked(self) -> bool:
        return self.stopping
