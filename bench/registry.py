"""The benchmark's plug-in contract. Each app may have a `bench.py` with:

    ORDER = 20                                # generators run in ORDER (regions first, 10)

    def generate(ctx: BenchContext) -> None:  # bulk-insert this app's synthetic rows
        n = ctx.n(2000)                       # 2,000 at scale 1, 20,000 at scale 10
        ...
        ctx.bulk(Customer, objects)           # bulk_create in batches
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

    def bulk(self, model, objects, *, batch_size: int = BATCH_SIZE) -> list:
        """Insert objects in batches; returns them (with primary keys on PostgreSQL/SQLite)."""
        objects = list(objects)
        created = []
        for start in range(0, len(objects), batch_size):
            created.extend(model.objects.bulk_create(objects[start : start + batch_size], batch_size=batch_size))
        return created


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
