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
BATCH_SIZE = 5000  # bulk_create batch: large enough to amortise round trips, small enough for SQLite's variable limit per statement on wide rows


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
            created.extend(model.objects.bulk_create(objects[start : start + batch_size], batch_size=batch_size))
        return created

    def copy(self, model, objects, *, batch_size: int = 50_000) -> list:
        """The fast loader for big tables: PostgreSQL COPY (psycopg 3), bulk_create elsewhere.

        Takes unsaved model instances, like `bulk`, and returns them with their primary keys set
        (on PostgreSQL the keys are drawn from the table's sequence before the COPY). Field
        defaults, `auto_now(_add)` and database conversions apply as for a normal save; signals
        and `save()` overrides do not run (as with bulk_create).
        """
        from django.db import connection

        objects = list(objects)
        if not objects:
            return objects
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
        raw = cursor.cursor  # psycopg 3 cursor under Django's wrapper
        for start in range(0, len(objects), batch_size):
            with raw.copy(statement) as copy:
                for obj in objects[start : start + batch_size]:
                    copy.write_row(
                        [f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields]
                    )
    for obj in objects:
        obj._state.adding = False
        obj._state.db = "default"
    return objects
