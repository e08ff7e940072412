"""Number series: consecutive, independent per key, never the same number twice."""

import threading

import pytest
from django.db import connection

from giaoban.core.counters import counter_next, counter_peek


@pytest.mark.django_db
def test_series_count_up_independently():
    assert [counter_next("TB/2017"), counter_next("TB/2017"), counter_next("NV/2017")] == [1, 2, 1]
    assert counter_peek("TB/2017") == 2
    assert counter_peek("unknown") == 0


@pytest.mark.django_db(transaction=True)
def test_parallel_callers_never_share_a_number():
    """Eight threads, each with its own database connection, draw 25 numbers each."""
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        ("file:memorydb", ":memory:")
    ):
        pytest.skip("in-memory SQLite is one connection; the PostgreSQL pass runs this")
    drawn: list[int] = []
    lock = threading.Lock()

    def draw():
        from django.db import connections

        try:
            for _ in range(25):
                number = counter_next("parallel")
                with lock:
                    drawn.append(number)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=draw) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(drawn) == list(range(1, 201))
