import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cases.figures import stats_snapshot
from cases.models import Prison


class Command(BaseCommand):
    help = (
        "Store dashboard figures for past days (the nightly job stores each day as it passes). "
        "Past days are computed from today's records as they would have been read on that day: "
        "dates and sessions are taken as of that day; who is in the prison and who holds each case "
        "are taken as they are now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=84, help="How many days back (default 84).")
        parser.add_argument("--prison", help="Only this prison code.")

    def handle(self, *args: object, **options: object) -> None:
        days = options["days"]
        assert isinstance(days, int)  # argparse gives an int (type=int)
        if not 1 <= days <= 400:
            raise CommandError("--days must be between 1 and 400.")
        prisons = Prison.objects.all()
        if options["prison"]:
            prisons = prisons.filter(code=str(options["prison"]).upper())
            if not prisons.exists():
                raise CommandError(f"No prison {options['prison']}.")
        today = timezone.localdate()
        total = 0
        for back in range(days, -1, -1):
            total += stats_snapshot(day=today - dt.timedelta(days=back), prisons=list(prisons))
        self.stdout.write(f"Stored {total} figures for {days + 1} days.")
