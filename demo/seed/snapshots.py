"""The demo's trend history: a snapshot of every dashboard figure a week apart for the last 12
weeks, as the nightly job would have stored them, so the trends and the comparison across
prisons have lines from the first `make run`.

Each past day is counted from the demo as seeded, read as of that day (`cases.figures`
`stats_snapshot`, as `manage.py backfill_stats` does): dates, sessions, tasks and contacts
count as of the day; who is in the prison and who holds each case are taken as they are now.
Same seed, same day: same snapshots.
"""

from __future__ import annotations

import datetime as dt

from cases.figures import stats_snapshot
from cases.models import Prison

WEEKS = 12  # the dashboard's trend window


def snapshot_days(today: dt.date, weeks: int = WEEKS) -> list[dt.date]:
    """One day a week, oldest first, ending today: one point for each week of the trend."""
    return [today - dt.timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]


def seed_snapshots(*, today: dt.date, prison_codes: tuple[str, ...]) -> int:
    """Store the demo prisons' figures on each of `snapshot_days`; returns the rows stored."""
    prisons = list(Prison.objects.filter(code__in=prison_codes).order_by("code"))
    return sum(stats_snapshot(day=day, prisons=prisons) for day in snapshot_days(today))
