"""Migration 0017 moves each stored answer's explanations into their own row, and back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("cases", "0016_indexes_for_keywork_and_pom_contact")]
AFTER = [("cases", "0017_explanations_in_a_row_of_their_own")]
WHY = '{"pom_type": "Tier A, more than 10 months to serve."}'


def _migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _explanations(table: str, key: str, pk: int) -> list[tuple[str]]:
    """The explanations stored in `table` for the case, as text."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT explanations::text FROM {table} WHERE {key} = %s",  # noqa: S608 (fixed names)
            [pk],
        )
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_the_explanations_move_out_and_back(leeds: object) -> None:
    from tests.factories import PrisonerFactory

    prisoner = PrisonerFactory(current_prison=leeds)
    _migrate(BEFORE)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO cases_casestate (prisoner_id, evaluated_on, stale, in_scope, "
                "case_type, pom_type, responsibility, responsible, supporting, erd_kind, "
                "display_release_kind, handover_reason, deadlines, explanations) VALUES "
                "(%s, %s, false, true, '', '', 'pom', 'pom', '', '', '', '', '{}', %s)",
                [prisoner.pk, dt.date(2026, 11, 23), WHY],
            )
        _migrate(AFTER)
        assert _explanations("cases_caseexplanation", "state_id", prisoner.pk) == [(WHY,)]
        _migrate(BEFORE)
        assert _explanations("cases_casestate", "prisoner_id", prisoner.pk) == [(WHY,)]
    finally:
        _migrate(AFTER)
