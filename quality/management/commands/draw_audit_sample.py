"""Draw the case-quality audit's sample of a month (this month unless --month), for one
prison or all. A month already drawn is left as it is."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cases.models import Prison
from quality import rules, services


class Command(BaseCommand):
    help = "Draw the case-quality audit sample for a month (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--prison", help="Prison code, e.g. LEI (default: every prison).")
        parser.add_argument("--month", help="YYYY-MM (default: this month).")
        parser.add_argument("--seed", default="", help="Seed (default: a random one, kept).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = (
                rules.parse_month(options["month"])
                if options["month"]
                else rules.month_of(timezone.localdate())
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        prisons = None
        if options["prison"]:
            prisons = list(Prison.objects.filter(code=options["prison"].upper()))
            if not prisons:
                raise CommandError(f"No prison with code {options['prison']}.")
        for sample, drawn in services.audit_samples_draw(
            month=month, prisons=prisons, seed=options["seed"]
        ):
            what = "drawn" if drawn else "already drawn"
            self.stdout.write(
                f"{sample.prison.code} {sample.month:%Y-%m}: {what}, "
                f"{sample.cases.count()} cases (seed {sample.seed})"
            )
