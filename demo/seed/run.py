"""`seed_demo()`: replace the demo data with a fresh copy built from a seed, in one transaction.

First the cases (`build_plan()`, pure, then `write_plan()`), then each feature app's records
from those cases: sessions, handover, screening, interventions.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cases import extensions
from cases.models import Prison, Prisoner, StaffRole
from cases.services import roles_sync
from cases.services.state import states_refresh_ids
from demo.factories.cases import StaffRoleFactory
from demo.seed.delete import delete_demo_data, demo_users_q
from demo.seed.handover import seed_handover
from demo.seed.interventions import seed_interventions
from demo.seed.plan import build_plan
from demo.seed.prisons import demo_prison_codes
from demo.seed.quality import seed_quality
from demo.seed.screening import seed_screening
from demo.seed.sessions import seed_sessions
from demo.seed.snapshots import seed_snapshots
from demo.seed.write import write_plan


@dataclass
class SeedResult:
    prisons: int
    staff: int
    prisoners: int
    allocated: int
    deleted_prisoners: int
    seconds: float
    snapshots: int = 0  # dashboard figures stored for the trends


def seed_demo(
    *,
    seed: int = 1,
    prisons: int = 3,
    prisoners_per_prison: int = 60,
    today: dt.date | None = None,
) -> SeedResult:
    """Replace the demo data with a fresh copy built from `seed`, in one transaction."""
    started = time.perf_counter()
    today = today or timezone.localdate()
    roles_sync()  # the groups demo users join; normally already there after migrate
    # Every case the seeding changes is brought up to date once, when it commits.
    with transaction.atomic(), extensions.changes_batched():
        # Roles other users hold at demo prisons survive the prisons being recreated.
        kept_roles = sorted(
            StaffRole.objects.filter(prison__code__in=demo_prison_codes())
            .exclude(user__in=get_user_model().objects.filter(demo_users_q()))
            .values_list("user_id", "prison__code", "role")
        )
        deleted = delete_demo_data()
        # Numbers other prisoners hold are skipped (only ever matters on a clash).
        taken = sorted(Prisoner.objects.values_list("prison_number", flat=True))
        plan = build_plan(
            seed=seed,
            prisons=prisons,
            prisoners_per_prison=prisoners_per_prison,
            today=today,
            taken_numbers=taken,
        )
        written = write_plan(plan)
        _restore_roles(kept_roles)
        _seed_apps(seed=seed, today=today, prison_codes=tuple(p.code for p in plan.prisons))
    codes = tuple(p.code for p in plan.prisons)
    # The audit samples cases by their stored answers, so it is drawn once they are stored.
    seed_quality(seed=seed, today=today, prison_codes=codes)
    # The trends' history, once the cases' stored answers are written (after the commit).
    snapshots = seed_snapshots(today=today, prison_codes=codes)
    return SeedResult(
        prisons=len(plan.prisons),
        staff=written["staff"],
        prisoners=len(plan.prisoners),
        allocated=written["allocated"],
        deleted_prisoners=deleted,
        seconds=time.perf_counter() - started,
        snapshots=snapshots,
    )


def _restore_roles(kept_roles: list[tuple[int, str, str]]) -> None:
    """Other users' roles at the recreated demo prisons."""
    by_code = dict(Prison.objects.filter(code__in=demo_prison_codes()).values_list("code", "id"))
    bulk_create_with_history(
        [
            StaffRoleFactory.row(user_id=user_id, prison_id=by_code[code], role=role)
            for user_id, code, role in kept_roles
            if code in by_code
        ],
        StaffRole,
    )


def _seed_apps(*, seed: int, today: dt.date, prison_codes: tuple[str, ...]) -> None:
    """Each app's records for the demo cases, in this order (later ones read earlier ones)."""
    # Sessions: POM supervision and keywork, some that did not happen.
    seed_sessions(seed=seed, today=today, prison_codes=prison_codes)
    # Handover records: contacts, checklist progress, parole reviews, an override.
    seed_handover(seed=seed, today=today, prison_codes=prison_codes)
    # OMiC tasks: every case's tasks from the rules, older ones done, a few completed BCSs,
    # categorisation and OASys records.
    seed_screening(today=today, prison_codes=prison_codes)
    # Interventions: the catalogue, each prison's directory and cohorts, referrals at every
    # stage and resettlement needs near release.
    seed_interventions(today=today, prison_codes=prison_codes)
    # The stored answer of every demo case, which lists, figures and caseloads read (the demo
    # writes rows in bulk, so no service has stored them yet).
    ids = Prisoner.objects.filter(
        Q(current_prison__code__in=prison_codes)
        | Q(current_prison__isnull=True, movements__from_prison__code__in=prison_codes)
    ).values_list("pk", flat=True)
    states_refresh_ids(list(ids.distinct()), today=today)
