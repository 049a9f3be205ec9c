"""Handover rules (docs/rules.md#responsibility-and-handover): states, the checklist and its due
dates.

Pure functions of dates and plain values: no ORM objects, no clock. The handover and COM
allocation dates themselves come from the OMiC engine (`cases.rules`); these rules place the
checklist and the handover state around them.

Decisions where the guidance is silent (each is named in the explanation a user sees; see
docs/rules.md#checklist):

- The checklist's "release" is the earliest day the prisoner could walk out: the release date
  staff see (displayed release date), or an earlier earliest release date still to come (a PED,
  tariff or hearing date), so parole cases are ready for a release at the parole date.
- Public protection checks and the approved-premises referral are due 6 months before release
  (the MAPPA review point); the approved-premises referral may be made from 12 months before.
- Resettlement items are due 12 weeks before release (when pre-release resettlement starts),
  licence conditions 28 days before, the HDC decision by the HDC eligibility date.
- No item is due before the sentence date: a short sentence's items are due on that day.
- A case stays "COM allocation overdue" after its handover date while no COM is named, since it
  is more urgent then, not less.

By subject: `checklist` (the items and their figures), `states` (where a handover stands),
`due` (which items apply, when each is due, how it stands), `windows` (responsibility changes
to come, the parole window, releases soon) and `dates` (how they count and write dates).
"""

from handover.rules.checklist import (
    CHECKLIST,
    DEFAULT_CHECKLIST_POLICY,
    ITEMS,
    OWNER_LABELS,
    PUBLIC_PROTECTION,
    PUBLIC_PROTECTION_ITEMS,
    SECTION_LABELS,
    Anchor,
    ChecklistPolicy,
    ItemDefinition,
    ItemStatus,
    Owner,
    Progress,
    Section,
)
from handover.rules.due import (
    CaseDates,
    ReleaseAnchor,
    applicable_items,
    checklist_release_date,
    contacts_status,
    due_dates,
    item_applies,
    item_due,
    item_due_date,
    item_progress,
    missing_public_protection,
)
from handover.rules.states import (
    STATE_LABELS,
    STATES,
    State,
    handover_state,
    in_upcoming_window,
)
from handover.rules.windows import parole_date_due, release_is_soon, responsibility_changes

__all__ = [
    "CHECKLIST",
    "DEFAULT_CHECKLIST_POLICY",
    "ITEMS",
    "OWNER_LABELS",
    "PUBLIC_PROTECTION",
    "PUBLIC_PROTECTION_ITEMS",
    "SECTION_LABELS",
    "STATES",
    "STATE_LABELS",
    "Anchor",
    "CaseDates",
    "ChecklistPolicy",
    "ItemDefinition",
    "ItemStatus",
    "Owner",
    "Progress",
    "ReleaseAnchor",
    "Section",
    "State",
    "applicable_items",
    "checklist_release_date",
    "contacts_status",
    "due_dates",
    "handover_state",
    "in_upcoming_window",
    "item_applies",
    "item_due",
    "item_due_date",
    "item_progress",
    "missing_public_protection",
    "parole_date_due",
    "release_is_soon",
    "responsibility_changes",
]
