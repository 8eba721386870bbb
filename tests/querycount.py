"""Query-count guard for list pages: the number of SQL queries a page makes must not grow with
the number of rows it shows (no query per row).

    from tests.querycount import assert_constant_queries

    def test_customer_list_queries_do_not_grow(org, client_for):
        client = client_for(org.north_manager)
        assert_constant_queries(
            client, "/customers/",
            grow=lambda n: make_customers(org.north, n),   # adds n more rows the page shows
            small=5, large=200,
        )
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(captured.captured_queries)


def assert_constant_queries(
    client, url: str, *, grow: Callable[[int], object], small: int = 5, large: int = 200
) -> int:
    """Load `url` with `small` rows, then with `large` rows, and assert the same query count.
    Returns that count (so a test can also pin it)."""
    grow(small)
    client.get(url)  # warm caches (content types, sessions) so both counts compare like for like
    few = count_queries(client, url)
    grow(large - small)
    many = count_queries(client, url)
    assert few == many, f"{url}: {few} queries with {small} rows but {many} with {large}"
    return many
