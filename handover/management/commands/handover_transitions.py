import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cases.models import Prison
from handover.transitions import handover_transitions_run


class Command(BaseCommand):
    help = (
        "Run the nightly handover transition now (the function the Celery beat task calls): "
        "record each case's handover state as its dates give it today. Prints one JSON line. "
        "Running it twice moves nothing the second time."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--prison", help="Only this prison's cases (a code like LEI).")

    def handle(self, *args: object, **options: object) -> None:
        prison = None
        code = options.get("prison")
        if code:
            prison = Prison.objects.filter(code=str(code).upper()).first()
            if prison is None:
                raise CommandError(f"No prison with code {code!r}.")
        result = handover_transitions_run(today=timezone.localdate(), prison=prison)
        self.stdout.write(
            json.dumps(
                {
                    "cases": result.cases,
                    "recorded": result.recorded,
                    "moved": result.moved,
                    "seconds": result.seconds,
                }
            )
        )
