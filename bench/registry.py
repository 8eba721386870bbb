"""The benchmark's plug-in contract. Each app may have a `bench.py` with:

    ORDER = 20                                # generators run in ORDER (regions first, 10)

    def generate(ctx: BenchContext) -> None:  # bulk-insert this app's synthetic rows
        n = ctx.n(2000)                       # 2,000 at scale 1, 20,000 at scale 10
        ...
        ctx.bulk(Customer, objects)           # bulk_create in batches (returns objects with pks)
        ctx.copy(Visit, visits)               # PostgreSQL COPY for the big tables (pks set too)
        ctx.data["customer_ids"] = [...]      # hand ids to later generators and pages

    def pages(ctx: BenchContext) -> list[Page]:
        return [Page("customers: customer list", "bench_north_rep1", "/customers/")]

    def jobs(ctx: BenchContext) -> list[Job]: # roll-ups and imports, timed once per scale
        return [Job("pricing: monthly cost roll-up", lambda ctx: monthly_cost_rollup(...))]

`python -m bench` (make bench) builds a database per scale, runs every generator, serves the
app with gunicorn on 127.0.0.1, and measures every page and job. Everyone generated can sign
in with BENCH_PASSWORD.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

BENCH_PASSWORD = "bench-pass-1"
# bulk_create batch: large enough to amortise round trips, small enough for SQLite's variable
# limit per statement on wide rows
BATCH_SIZE = 5000


@dataclass
class BenchContext:
    scale: float
    seed: int = 20261128
    rng: random.Random = field(init=False)
    data: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def n(self, base: int, minimum: int = 1) -> int:
        """A volume row count: base × scale (at least `minimum`)."""
        return max(minimum, int(round(base * self.scale)))

    @property
    def vendor(self) -> str:
        """The database in use: "postgresql" or "sqlite"."""
        from django.db import connection

        return connection.vendor

    def bulk(self, model, objects, *, batch_size: int = BATCH_SIZE) -> list:
        """Insert objects in batches; returns them (with primary keys on PostgreSQL/SQLite)."""
        objects = list(objects)
        created = []
        for start in range(0, len(objects), batch_size):
            created.extend(
                model.objects.bulk_create(
                    objects[start : start + batch_size], batch_size=batch_size
                )
            )
        return created

    def copy(self, model, objects, *, batch_size: int = 50_000) -> list:
        """The fast loader for big tables: PostgreSQL COPY (psycopg 3), bulk_create elsewhere.

        Takes unsaved model instances, like `bulk`, and returns them with their primary keys set
        (on PostgreSQL the keys are drawn from the table's sequence before the COPY). For the
        biggest tables it also takes plain dicts {attname: value} (e.g. "customer_id"), which skip
        building a model instance per row (about twice as fast): missing fields get their
        default, and each dict comes back with its primary key under the pk's attname. Field
        defaults, `auto_now(_add)` and database conversions apply as for a normal save; signals
        and `save()` overrides do not run (as with bulk_create).
        """
        from django.db import connection

        objects = list(objects)
        if not objects:
            return objects
        if isinstance(objects[0], dict):
            return _copy_dicts(self, connection, model, objects, batch_size)
        if connection.vendor != "postgresql":
            return self.bulk(model, objects)
        return _pg_copy(connection, model, objects, batch_size)


@dataclass
class Page:
    name: str
    username: str
    path: str
    method: str = "GET"
    data: dict | None = None


@dataclass
class Job:
    name: str
    run: Callable[[BenchContext], object]


def _pg_copy(connection, model, objects, batch_size):
    from django.db import transaction

    meta = model._meta
    pk = meta.pk
    fields = list(meta.concrete_fields)
    missing = [obj for obj in objects if obj.pk is None]
    with transaction.atomic(), connection.cursor() as cursor:
        if missing:
            if not pk.get_internal_type().endswith("AutoField"):
                raise ValueError(f"{meta.label}: set the primary keys before ctx.copy")
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, pk.column, len(missing)],
            )
            for obj, (value,) in zip(missing, cursor.fetchall(), strict=True):
                setattr(obj, pk.attname, value)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        statement = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
        getters = [_copy_getter(f, connection) for f in fields]
        raw = cursor.cursor  # psycopg 3 cursor under Django's wrapper
        for start in range(0, len(objects), batch_size):
            with raw.copy(statement) as copy:
                write = copy.write_row
                for obj in objects[start : start + batch_size]:
                    write([get(obj) for get in getters])
    for obj in objects:
        obj._state.adding = False
        obj._state.db = "default"
    return objects


# Values psycopg adapts itself exactly as Django would: read straight from the instance.
_PLAIN = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
    "CharField",
    "TextField",
    "SlugField",
    "EmailField",
    "URLField",
    "BooleanField",
    "DecimalField",
    "FloatField",
    "DateField",
    "DateTimeField",
    "UUIDField",
    "ForeignKey",
    "OneToOneField",
}


def _copy_getter(field, connection):
    from operator import attrgetter

    from django.utils import timezone

    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        now = timezone.now()
        value = now.date() if field.get_internal_type() == "DateField" else now

        def stamped(obj):
            setattr(obj, field.attname, value)
            return value

        return stamped
    if field.get_internal_type() in _PLAIN and type(field).__module__.startswith("django."):
        return attrgetter(field.attname)
    return lambda obj: field.get_db_prep_save(field.pre_save(obj, add=True), connection)


def _copy_dicts(ctx, connection, model, rows, batch_size):
    """ctx.copy for dicts: fill defaults and auto_now stamps, then COPY (or bulk_create)."""
    from django.utils import timezone

    meta = model._meta
    now = timezone.now()
    fill = {}
    for f in meta.concrete_fields:
        if f.primary_key:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            fill[f.attname] = now.date() if f.get_internal_type() == "DateField" else now
        elif f.has_default() and not callable(f.default):
            fill[f.attname] = f.get_default()
        elif f.has_default():
            fill[f.attname] = f.default  # called per row below
        elif f.null:
            fill[f.attname] = None
    for row in rows:
        for name, value in fill.items():
            if name not in row:
                row[name] = value() if callable(value) else value
    if connection.vendor != "postgresql":
        created = ctx.bulk(model, [model(**row) for row in rows])
        for row, obj in zip(rows, created, strict=True):
            row[meta.pk.attname] = obj.pk
        return rows
    pk = meta.pk.attname
    missing = [row for row in rows if row.get(pk) is None]
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cursor:
        if missing:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(missing)],
            )
            for row, (value,) in zip(missing, cursor.fetchall(), strict=True):
                row[pk] = value
        fields = [f for f in meta.concrete_fields if f.attname in rows[0]]
        plain = [
            f.get_internal_type() in _PLAIN and type(f).__module__.startswith("django.")
            for f in fields
        ]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        statement = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
        names = [f.attname for f in fields]
        raw = cursor.cursor
        for start in range(0, len(rows), batch_size):
            with raw.copy(statement) as copy:
                write = copy.write_row
                if all(plain):
                    for row in rows[start : start + batch_size]:
                        write([row[name] for name in names])
                else:
                    for row in rows[start : start + batch_size]:
                        write(
                            [
                                row[f.attname]
                                if ok
                                else f.get_db_prep_save(row[f.attname], connection)
                                for f, ok in zip(fields, plain, strict=True)
                            ]
                        )
    return rows
