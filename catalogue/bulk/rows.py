"""Set-wise inserts without per-value ORM work, and a fast ``serializable_data``.

``bulk_create`` prepares every value through the field API and compiles
one statement per few hundred rows; for a 20,000-item import that is most
of the time.  Here each model gets a cached list of columns with a cheap
converter per field (most values go to the driver as they are), rows are
sent with one ``executemany`` per table and chunk (one ``COPY`` on
PostgreSQL), and primary keys are reserved up front (a sequence on
PostgreSQL, the table's maximum inside the import's write transaction on
SQLite) so related rows and revisions
can point at them without reading them back.
"""

from __future__ import annotations

import datetime
import json
from functools import cache
from operator import attrgetter

from django.db import connection
from django.db.models import Field
from django.db.models.base import ModelState
from django.utils.encoding import is_protected_type

PASS_THROUGH = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "ForeignKey",
        "IntegerField",
        "OneToOneField",
        "ParentalKey",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
        "URLField",
    }
)


COMPACT_JSON = {"ensure_ascii": False, "separators": (",", ":")}


@cache
def _columns(model) -> tuple[list[str], list]:
    """Column names and ``(attname, converter)`` pairs of ``model``'s table."""
    names, readers = [], []
    for field in model._meta.concrete_fields:
        names.append(field.column)
        readers.append((field.attname, _converter(field)))
    return names, readers


def _converter(field):
    kind = field.get_internal_type()
    if kind in PASS_THROUGH:
        return None
    if kind == "JSONField":
        encoder = field.encoder

        # Chinese text as itself, not \u escapes (twice the bytes on SQLite,
        # where revisions were the largest table of an import).
        def to_json(value):
            if value is None and field.null:
                return None
            return json.dumps(value, cls=encoder, **COMPACT_JSON)

        return to_json
    if kind == "DateTimeField":
        # One import stamps every row with the same few datetimes.
        memo: dict = {}

        def to_datetime(value):
            if value not in memo:
                memo.clear() if len(memo) > 64 else None
                memo[value] = field.get_db_prep_save(value, connection)
            return memo[value]

        return to_datetime
    return lambda value: field.get_db_prep_save(value, connection)


def new_instance(model, values: dict):
    """An unsaved instance without ``Model.__init__`` (no init signals, no FK defaults).

    Every concrete field gets its default, then ``values`` (by attname).
    """
    obj = model.__new__(model)
    static, dynamic = _instance_defaults(model)
    state = obj.__dict__
    state.update(static)
    # A callable default (a fresh dict or list, now()) is made only for the
    # fields ``values`` leaves out: an import row gives most of them.
    for attname, make in dynamic:
        if attname not in values:
            state[attname] = make()
    state.update(values)
    obj._state = ModelState()
    return obj


@cache
def _instance_defaults(model):
    static, dynamic = {}, []
    for field in model._meta.concrete_fields:
        if callable(field.default):
            dynamic.append((field.attname, field.get_default))
        else:
            static[field.attname] = field.get_default()
    return static, dynamic


def reserve_ids(model, count: int) -> list[int]:
    """``count`` fresh primary keys for ``model`` (call inside the transaction)."""
    if count == 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                "FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        quoted = connection.ops.quote_name
        # A write statement (even one that changes nothing) takes SQLite's write
        # lock, so no other connection can insert between MAX() and our rows.
        # Names come from model metadata, never from input.
        lock = f"UPDATE {quoted(table)} SET {quoted(pk)} = {quoted(pk)} WHERE 0"  # noqa: S608
        cursor.execute(lock)
        cursor.execute(f"SELECT COALESCE(MAX({quoted(pk)}), 0) FROM {quoted(table)}")  # noqa: S608
        start = cursor.fetchone()[0] + 1
        if connection.vendor == "sqlite":
            # AUTOINCREMENT never reuses the keys of deleted rows; neither do we.
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            start = max(start, (row[0] + 1) if row else 1)
    return list(range(start, start + count))


def insert(model, objects) -> None:
    """INSERT ``objects`` (with their primary keys set, or None for auto)."""
    objects = list(objects)
    if not objects:
        return
    names, readers = _columns(model)
    auto_pk = objects[0].pk is None
    pk_column = model._meta.pk.column
    if auto_pk:
        keep = [i for i, name in enumerate(names) if name != pk_column]
        names = [names[i] for i in keep]
        readers = [readers[i] for i in keep]
    read = attrgetter(*(attname for attname, _convert in readers))
    values = [read(obj) for obj in objects]
    if len(readers) == 1:
        values = [(value,) for value in values]
    write_rows(model._meta.db_table, names, _convert_columns(values, readers))


def insert_values(model, rows: list[dict]) -> None:
    """INSERT plain ``attname → value`` dicts; absent fields take their defaults.

    For link, log and index rows no model instance is needed, and building
    tens of thousands of them (with their init signals) costs more than the
    insert itself.
    """
    if not rows:
        return
    names, readers = _columns(model)
    defaults = _defaults(model)
    pk_attname = model._meta.pk.attname
    pairs = [
        (name, attname, convert, defaults.get(attname))
        for name, (attname, convert) in zip(names, readers, strict=True)
        if attname != pk_attname or pk_attname in rows[0]
    ]
    # A column at a time (comprehensions, ``map``): a call per value was most
    # of the time of the link, log and revision rows of a large import.
    columns = []
    for _name, attname, convert, default in pairs:
        column = [row.get(attname, default) for row in rows]
        columns.append(column if convert is None else list(map(convert, column)))
    write_rows(
        model._meta.db_table, [p[0] for p in pairs], list(zip(*columns, strict=True))
    )


def _convert_columns(values: list[tuple], readers) -> list[tuple]:
    """``values`` with each converter applied to its column."""
    converting = [(i, c) for i, (_attname, c) in enumerate(readers) if c is not None]
    if not converting or not values:
        return values
    columns = list(zip(*values, strict=True))
    for index, convert in converting:
        columns[index] = list(map(convert, columns[index]))
    return list(zip(*columns, strict=True))


def write_rows(table: str, columns: list[str], values: list[tuple]) -> None:
    """INSERT ``values`` (tuples in ``columns`` order) into ``table``.

    PostgreSQL gets them through one ``COPY … FROM STDIN`` (psycopg 3's
    ``cursor.copy``): one statement however many rows, where ``executemany``
    sends one per row and a 20,000-item import writes half a million rows.
    Other databases get ``executemany`` by 2,000 rows.  Names come from
    model metadata, never from input.
    """
    if not values:
        return
    quote = connection.ops.quote_name
    table, names = quote(table), ", ".join(quote(n) for n in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
        for start in range(0, len(values), 2000):
            cursor.executemany(sql, values[start : start + 2000])


@cache
def _defaults(model) -> dict:
    return {
        f.attname: f.get_default()
        for f in model._meta.concrete_fields
        if f.has_default() or f.null
    }


# --- revisions -----------------------------------------------------------------


@cache
def _serial_fields(model) -> list:
    """(name, attname, kind, field) of the fields a revision serialises.

    ``kind`` says how a value is written: ``RAW`` as it is (relations,
    protected types), ``TEXT`` a string of a field that does not override
    ``value_to_string`` (so ``str(value)``, which a ``str`` already is),
    else ``value_to_string``.
    """
    fields = []
    for field in model._meta.fields:
        if field.serialize:
            if field.remote_field is not None:
                kind = RAW
            elif type(field).value_to_string is Field.value_to_string:
                kind = TEXT
            else:
                kind = CUSTOM
            fields.append((field.name, field.attname, kind, field))
    return fields


RAW, TEXT, CUSTOM = 0, 1, 2


def serializable_data(
    obj, children: dict[str, list], m2m: dict[str, list[int]]
) -> dict:
    """What ``ClusterableModel.serializable_data`` returns, from known values.

    ``children`` maps each child relation to its rows, ``m2m`` each
    ParentalManyToManyField to the related primary keys.
    """
    data = _fields_data(obj)
    for relation, rows in children.items():
        data[relation] = [_fields_data(row) for row in rows]
    data.update(m2m)
    return data


def _fields_data(obj) -> dict:
    data = {"pk": obj.pk}
    values = obj.__dict__
    for name, attname, kind, field in _serial_fields(type(obj)):
        value = values[attname] if attname in values else getattr(obj, attname)
        if kind == RAW or value is None:
            data[name] = value
        elif isinstance(value, datetime.datetime):
            data[name] = value.astimezone(datetime.UTC)
        elif type(value) is str and kind == TEXT or is_protected_type(value):
            data[name] = value
        else:
            data[name] = field.value_to_string(obj)
    return data
