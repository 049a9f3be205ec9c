"""`manage.py seed_demo` (docs/commands.md#seed_demo): demo prisons, staff, demo logins and
prisoners at every stage of the journey, with every app's records for them.

Two halves:

- `build_plan()` is pure: from a seed, sizes and today's date it returns plain dataclasses
  describing every case (`demo.seed.plan`, with `prisoner`, `journeys`, `staff`, `allocate`).
- `seed_demo()` deletes the previous demo data (`demo.seed.delete`) and writes the plan
  (`demo.seed.write`), then each app's records (`sessions`, `handover`, `screening`,
  `interventions`), with the factories of `demo.factories` and bulk inserts, in one transaction.

Demo data is recognised by the prison codes it generates (`demo_prison_codes()`) and by
usernames (`DEMO_USERNAMES`, plus `demo-` for generated staff). Nothing else is touched,
except that rows of other data pointing at demo rows are detached first.
"""

from demo.seed.delete import delete_demo_data, demo_users_q
from demo.seed.plan import build_plan
from demo.seed.prisons import MAX_PRISONS, PrisonSpec, demo_prison_codes, demo_prisons
from demo.seed.run import SeedResult, seed_demo
from demo.seed.specs import DemoPlan, PrisonerSpec, StaffSpec
from demo.seed.staff import DEMO_PASSWORD, DEMO_USERNAMES, DEMO_USERS, STAFF_PREFIX

__all__ = [
    "DEMO_PASSWORD",
    "DEMO_USERNAMES",
    "DEMO_USERS",
    "MAX_PRISONS",
    "STAFF_PREFIX",
    "DemoPlan",
    "PrisonSpec",
    "PrisonerSpec",
    "SeedResult",
    "StaffSpec",
    "build_plan",
    "delete_demo_data",
    "demo_prison_codes",
    "demo_prisons",
    "demo_users_q",
    "seed_demo",
]
