"""The benchmark's API pages: two lists at the people's own scope, as a program reads them
(JSON, signed in; the same rows the pages show). No rows of its own: the other apps' data."""

from bench.registry import BenchContext, Page

ORDER = 95


def pages(ctx: BenchContext) -> list[Page]:
    return [
        Page("api: visit list (manager)", "bench_north_manager", "/api/v1/visits/"),
        Page("api: customer list (rep)", "bench_north_rep1", "/api/v1/customers/"),
    ]
