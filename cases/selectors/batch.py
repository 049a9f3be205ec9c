"""Helpers for reading many rows at once: id lists as one array, and a pause of the cyclic
garbage collector while a batch builds many objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.models import BooleanField, F, Func, QuerySet, Value
from django.db.models.sql.compiler import SQLCompiler


class _InArray(Func):
    """`column = ANY(array::bigint[])`, a condition a queryset filters on."""

    output_field = BooleanField()

    def as_sql(  # type: ignore[override]  # the compiler's hook, not Func's template
        self, compiler: SQLCompiler, connection: Any, **extra: Any
    ) -> tuple[str, tuple[Any, ...]]:
        column, array = self.get_source_expressions()
        column_sql, column_params = compiler.compile(column)
        array_sql, array_params = compiler.compile(array)
        return f"{column_sql} = ANY({array_sql}::bigint[])", (*column_params, *array_params)


def ids_in(qs: QuerySet[Any], column: str, ids: list[int]) -> QuerySet[Any]:
    """Rows of `qs` whose `column` is one of `ids`.

    On PostgreSQL the ids travel as one array parameter (`= ANY(%s)`): a list of thousands
    expanded into `IN (...)` costs more to build and parse than the query takes to run. The
    array is written here as PostgreSQL's text form of a bigint array: psycopg's own array
    adapter checks every element for quoting, a millisecond for a few hundred ids.
    """
    if connection.vendor == "postgresql":
        literal = "{" + ",".join([str(int(pk)) for pk in ids]) + "}"
        # An expression, not raw SQL: the column is named by its alias wherever the queryset
        # goes, a subquery of another query included.
        return qs.filter(_InArray(F(column), Value(literal)))
    return qs.filter(**{f"{column}__in": ids})


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector around a batch that builds many objects.

    Evaluating a prison builds tens of thousands of small objects that hold no reference
    cycles, so reference counting frees every one of them; left running, the collector would
    scan the whole heap several times for cycles that are not there.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
