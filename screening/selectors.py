"""Reads for the screening app."""

from typing import Any


def case_facts_by_prisoner(ids: list[int]) -> dict[int, dict[str, Any]]:
    """Rules-engine facts screening records, per prisoner id: `documents_received_date`,
    `last_categorisation_date` and `last_oasys_date` (CaseFacts field names).

    Screening records (issue 6) do not exist yet, so there is nothing to add.
    """
    return {}
