from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cases.models import Prison
from demo.rolls import sample_roll
from demo.seed import DEMO_PASSWORD, DEMO_USERNAMES, MAX_PRISONS, seed_demo
from demo.seed.prisons import demo_prison_codes


class Command(BaseCommand):
    help = (
        "Replace the demo data (demo prisons, their prisoners and staff, demo logins) with a "
        "fresh copy. Same seed, same data. Refuses to run with DEBUG off unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--prisons", type=int, default=3, help="Number of prisons (2 or more).")
        parser.add_argument(
            "--prisoners-per-prison", type=int, default=60, help="Prisoners in each prison."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed.")
        parser.add_argument(
            "--force", action="store_true", help="Run even when DEBUG is off (never in production)."
        )
        parser.add_argument(
            "--rolls-dir",
            default="demo-rolls",
            help="Where to write sample roll files that fit the demo (empty: none).",
        )

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo deletes and recreates demo data and creates logins with a published "
                "password, so it only runs with DEBUG on. Pass --force to run it anyway."
            )
        prisons = options["prisons"]
        per_prison = options["prisoners_per_prison"]
        assert isinstance(prisons, int) and isinstance(per_prison, int)
        if not 2 <= prisons <= MAX_PRISONS:
            raise CommandError(f"--prisons must be between 2 and {MAX_PRISONS}.")
        if per_prison < 0:
            raise CommandError("--prisoners-per-prison cannot be negative.")
        seed = options["seed"]
        assert isinstance(seed, int)
        result = seed_demo(seed=seed, prisons=prisons, prisoners_per_prison=per_prison)
        self.stdout.write(
            f"Demo data (seed {seed}): {result.prisons} prisons, {result.staff} staff, "
            f"{result.prisoners} prisoners ({result.allocated} with a POM); replaced "
            f"{result.deleted_prisoners} demo prisoners; {result.snapshots} dashboard figures "
            f"stored for 12 weeks of trends; {result.seconds:.1f} seconds."
        )
        self.stdout.write(
            f"Demo logins ({', '.join(DEMO_USERNAMES)}) use the password {DEMO_PASSWORD!r}."
        )
        if options["rolls_dir"]:
            self._write_rolls(Path(str(options["rolls_dir"])))

    def _write_rolls(self, folder: Path) -> None:
        """Sample rolls for the first demo prison, fitting the demo as seeded today."""
        prison = Prison.objects.get(code=demo_prison_codes()[0])
        folder.mkdir(parents=True, exist_ok=True)
        today = timezone.localdate()
        for name, with_error in (("", False), ("-with-an-error", True)):
            path = folder / f"roll-{prison.code}{name}.csv"
            path.write_bytes(sample_roll(prison, today=today, with_error=with_error))
            self.stdout.write(f"Sample roll: {path}")
