"""Writes for the handover app. One function per business action: keyword-only, atomic,
validated, and audited with a `HandoverEvent` row in the same transaction.

By subject: `checklist`, `contacts` (contacts, meetings and notes), `parole`, `overrides` (the
responsibility override), and `common` (the lock, the current sentence and the audit row). The
nightly state transition lives in `handover.transitions` (re-exported here), so the Celery tasks
need nothing from the services.
"""

from handover.services.checklist import checklist_item_update
from handover.services.contacts import contact_record, note_add
from handover.services.overrides import responsibility_override_add, responsibility_override_remove
from handover.services.parole import parole_review_record, parole_review_record_outcome
from handover.transitions import (
    TransitionResult,
    handover_transition_cases,
    handover_transitions_run,
)

__all__ = [
    "TransitionResult",
    "checklist_item_update",
    "contact_record",
    "handover_transition_cases",
    "handover_transitions_run",
    "note_add",
    "parole_review_record",
    "parole_review_record_outcome",
    "responsibility_override_add",
    "responsibility_override_remove",
]
