"""Reads for the handover app."""

from typing import Any


def case_facts_by_prisoner(ids: list[int]) -> dict[int, dict[str, Any]]:
    """Rules-engine facts handover records, per prisoner id: `latest_parole_outcome` and
    `responsibility_override` (CaseFacts field names).

    Parole reviews and overrides (issue 7) do not exist yet, so there is nothing to add.
    """
    return {}
