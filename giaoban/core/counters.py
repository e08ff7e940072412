"""Number series that never hand out the same number twice, across processes and machines."""

from __future__ import annotations

from django.db import connection, transaction

from .models import Counter


def counter_next(key: str) -> int:
    """The next number of the series `key` (1 for a new series).

    One INSERT … ON CONFLICT DO UPDATE … RETURNING statement: the database serialises concurrent
    callers on the row, so two requests never get the same number (PostgreSQL and SQLite ≥ 3.35).
    Inside a transaction the number is released again if that transaction rolls back.
    """
    table = connection.ops.quote_name(Counter._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, value) VALUES (%s, 1) "
            f"ON CONFLICT (key) DO UPDATE SET value = {table}.value + 1 RETURNING value",
            [key],
        )
        (value,) = cursor.fetchone()
    return int(value)


def counter_peek(key: str) -> int:
    """The last number handed out in the series (0 if none)."""
    return Counter.objects.filter(key=key).values_list("value", flat=True).first() or 0
