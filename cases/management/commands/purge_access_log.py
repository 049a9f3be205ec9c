from argparse import ArgumentParser

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cases.services.access_log import access_log_purge


class Command(BaseCommand):
    help = (
        "Delete the access log's reads older than the retention period "
        "(ACCESS_LOG_RETENTION_MONTHS, or --months); prints how many were deleted."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--months", type=int, default=None)

    def handle(self, *args: object, **options: object) -> None:
        months = options["months"]
        if months is not None and (not isinstance(months, int) or months < 1):
            raise CommandError("--months must be 1 or more.")
        chosen = months if isinstance(months, int) else None
        deleted = access_log_purge(today=timezone.localdate(), months=chosen)
        self.stdout.write(f"{deleted} reads deleted")
