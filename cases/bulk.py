"""Writing many rows at once, as fast as the database allows: a national roll or a nightly
sweep writes hundreds of thousands. On PostgreSQL rows travel by COPY (inserts) or as one
VALUES list joined to the table (updates); elsewhere (SQLite in `make run`) Django's own bulk
methods do the same work more slowly.

Callers pass plain values by column (a foreign key by its `_id` attribute); nothing here
validates them: services check their rows first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Model

BATCH = 5000


def _chunks(
    rows: Sequence[tuple[Any, ...]], size: int = BATCH
) -> Iterable[Sequence[tuple[Any, ...]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _columns(model: type[Model], fields: Sequence[str]) -> list[str]:
    """The database columns of `fields` (attribute names, `prisoner_id` for a foreign key)."""
    by_attname = {f.attname: f.column for f in model._meta.concrete_fields}
    return [by_attname[name] for name in fields]


def insert_rows(
    model: type[Model],
    fields: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    *,
    ignore_conflicts: bool = False,
) -> None:
    """Insert `rows` (values in `fields` order). With `ignore_conflicts`, a row that breaks a
    unique constraint is skipped rather than failing the lot."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(
            [model(**dict(zip(fields, row, strict=True))) for row in rows],
            batch_size=1000,
            ignore_conflicts=ignore_conflicts,
        )
        return
    table = model._meta.db_table
    columns = ", ".join(f'"{c}"' for c in _columns(model, fields))
    with transaction.atomic(), connection.cursor() as cursor:
        target = table
        if ignore_conflicts:
            # The columns' types, none of the table's constraints: conflicts are settled below.
            target = f"_incoming_{table}"
            cursor.execute(
                f'CREATE TEMP TABLE "{target}" ON COMMIT DROP AS '  # noqa: S608 (model metadata)
                f'SELECT {columns} FROM "{table}" WITH NO DATA'
            )
        raw = cursor.cursor  # psycopg's own cursor: COPY is not part of the DB-API
        for chunk in _chunks(rows):
            with raw.copy(f'COPY "{target}" ({columns}) FROM STDIN') as copy:
                for row in chunk:
                    copy.write_row(row)
        if ignore_conflicts:
            cursor.execute(
                f'INSERT INTO "{table}" ({columns}) SELECT {columns} FROM "{target}" '  # noqa: S608
                "ON CONFLICT DO NOTHING"
            )
            cursor.execute(f'DROP TABLE "{target}"')


# Values these fields hold need no conversion on their way to the database.
_PLAIN = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "DateField",
        "DateTimeField",
        "FloatField",
        "ForeignKey",
        "IntegerField",
        "OneToOneField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallIntegerField",
        "TextField",
    }
)


def object_rows(
    model: type[Model], objects: Sequence[Model]
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Every column but the primary key of unsaved `objects`, as saving them would write it
    (defaults, `auto_now` moments and database adaptation applied): (fields, rows)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    db = connections[DEFAULT_DB_ALIAS]
    readers = []
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            readers.append(lambda obj, f=f: f.pre_save(obj, True))
        elif f.get_internal_type() in _PLAIN:
            readers.append(lambda obj, name=f.attname: getattr(obj, name))
        else:
            readers.append(lambda obj, f=f: f.get_db_prep_save(f.pre_save(obj, True), db))
    rows = [tuple(read(obj) for read in readers) for obj in objects]
    return [f.attname for f in fields], rows


def insert_objects(
    model: type[Model], objects: Sequence[Model], *, ignore_conflicts: bool = False
) -> None:
    """`insert_rows` for unsaved model instances."""
    fields, rows = object_rows(model, objects)
    insert_rows(model, fields, rows, ignore_conflicts=ignore_conflicts)


def upsert_objects(model: type[Model], objects: Sequence[Model], *, key: str) -> None:
    """Insert `objects`, or update every other column of the row whose `key` (a unique
    column's attribute name) matches."""
    if not objects:
        return
    fields, rows = object_rows(model, objects)
    pk = model._meta.pk
    assert pk is not None
    if pk.attname == key and key not in fields:  # a one-to-one primary key: keep it
        fields = [key, *fields]
        rows = [(getattr(obj, key), *row) for obj, row in zip(objects, rows, strict=True)]
    if connection.vendor != "postgresql":
        updates = [name for name in fields if name != key]
        model._default_manager.bulk_create(
            list(objects),
            batch_size=1000,
            update_conflicts=True,
            unique_fields=[key],
            update_fields=[model._meta.get_field(n).name for n in updates],
        )
        return
    table = model._meta.db_table
    columns = _columns(model, fields)
    names = ", ".join(f'"{c}"' for c in columns)
    key_column = _columns(model, [key])[0]
    sets = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in columns if c != key_column)
    target = f"_upsert_{table}"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f'CREATE TEMP TABLE "{target}" ON COMMIT DROP AS '  # noqa: S608 (model metadata)
            f'SELECT {names} FROM "{table}" WITH NO DATA'
        )
        for chunk in _chunks(rows):
            with cursor.cursor.copy(f'COPY "{target}" ({names}) FROM STDIN') as copy:
                for row in chunk:
                    copy.write_row(row)
        cursor.execute(
            f'INSERT INTO "{table}" ({names}) SELECT {names} FROM "{target}" '  # noqa: S608
            f'ON CONFLICT ("{key_column}") DO UPDATE SET {sets}'
        )
        cursor.execute(f'DROP TABLE "{target}"')


def insert_history(
    model: type[Model],
    fields: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    *,
    ids: Sequence[int],
    user_id: int | None,
    reason: str,
    at: dt.datetime,
) -> None:
    """The "created" history rows (django-simple-history) of rows just inserted: `ids` are
    their primary keys, in `rows` order."""
    history = model.history.model  # type: ignore[attr-defined]  # added by HistoricalRecords
    extra = ("id", "history_date", "history_type", "history_user_id", "history_change_reason")
    insert_rows(
        history,
        [*fields, *extra],
        [(*row, pk, at, "+", user_id, reason or None) for row, pk in zip(rows, ids, strict=True)],
    )


def update_rows(model: type[Model], fields: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """Set `fields` on the rows whose primary key is each row's first value (the others in
    `fields` order): one statement per few thousand rows."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        objects = [model(pk=row[0], **dict(zip(fields, row[1:], strict=True))) for row in rows]
        model._default_manager.bulk_update(objects, list(fields), batch_size=1000)
        return
    table = model._meta.db_table
    pk = model._meta.pk
    assert pk is not None
    columns = [pk.column, *_columns(model, fields)]
    types = [_db_type(model, name) for name in [pk.attname, *fields]]
    sets = ", ".join(f'"{c}" = v."{c}"' for c in columns[1:])
    names = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, 2000):
            placeholders = ", ".join(
                "(" + ", ".join(f"%s::{t}" for t in types) + ")" for _ in chunk
            )
            cursor.execute(  # names from the model's metadata; values are parameters
                f'UPDATE "{table}" AS t SET {sets} FROM (VALUES {placeholders}) AS v({names}) '  # noqa: S608
                f'WHERE t."{pk.column}" = v."{pk.column}"',
                [value for row in chunk for value in row],
            )


def _db_type(model: type[Model], attname: str) -> str:
    field = next(f for f in model._meta.concrete_fields if f.attname == attname)
    found = field.db_type(connection)
    assert found is not None
    return found
