"""Export everything held about one person for a subject access request (JSON or HTML)."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cases import services
from cases.models import Prisoner
from cases.services.subject_access import FORMATS


class Command(BaseCommand):
    help = (
        "Everything held about one person (case, sentences, movements, sessions, tasks, "
        "referrals, needs, allocations, handover, history) as JSON or a printable HTML page. "
        "Each export is recorded in the access log."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("prison_number")
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument("--output", help="Write to this file instead of standard output.")

    def handle(self, *args: Any, **options: Any) -> None:
        number = options["prison_number"].strip().upper()
        try:
            prisoner = Prisoner.objects.get(prison_number=number)
        except Prisoner.DoesNotExist as exc:
            raise CommandError(f"No prisoner with the number {number}.") from exc
        text, document = services.subject_access_make(
            prisoner=prisoner,
            acting_user=None,
            file_format=options["format"],
            now=timezone.now(),
            via="command",
        )
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            count = sum(len(s["records"]) for s in document["sections"])
            self.stderr.write(f"Wrote {count} records about {number} to {options['output']}.")
        else:
            self.stdout.write(text)
