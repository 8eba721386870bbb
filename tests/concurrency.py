"""Run a function in several threads at the same moment, each on its own database connection.

Used to prove that a transition or a spend happens exactly once. Needs PostgreSQL: SQLite's
in-memory test database serialises everything and would prove nothing.
"""

import threading

import pytest
from django.db import connection, connections

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrency is proven on PostgreSQL only"
)


def run_concurrently(function, arguments: list) -> list:
    """Call function(arg) for each arg in its own thread, released together. Returns each
    call's result or the exception it raised, in order."""
    barrier = threading.Barrier(len(arguments))
    results: list = [None] * len(arguments)

    def worker(index, argument):
        try:
            barrier.wait(timeout=10)
            results[index] = function(argument)
        except Exception as exc:  # the caller inspects what each thread met
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, arg)) for i, arg in enumerate(arguments)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
