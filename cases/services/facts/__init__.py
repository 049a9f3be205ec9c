"""Every change of a prisoner's facts, from a person, a roll import or a national feed: one
service per change, atomic, audited with who or what made it and why, and once committed the
case is brought up to date everywhere (`cases.extensions`)."""

from cases.services.facts.bulk import prisoners_arrive_new
from cases.services.facts.merge import MergePreview, merge_preview, prisoners_merge
from cases.services.facts.movements import prisoner_arrive, prisoner_release, prisoner_transfer
from cases.services.facts.types import Arrival, PersonalDetails, SentenceFacts
from cases.services.facts.updates import (
    legal_status_update,
    prisoner_details_update,
    prisoner_early_allocation_update,
    prisoner_facts_update,
    prisoner_probation_update,
    sentence_update,
)

__all__ = [
    "Arrival",
    "MergePreview",
    "PersonalDetails",
    "SentenceFacts",
    "legal_status_update",
    "merge_preview",
    "prisoner_arrive",
    "prisoner_details_update",
    "prisoner_early_allocation_update",
    "prisoner_facts_update",
    "prisoner_probation_update",
    "prisoner_release",
    "prisoner_transfer",
    "prisoners_arrive_new",
    "prisoners_merge",
    "sentence_update",
]
