"""Number series that never hand out the same number twice, across processes and machines."""

from __future__ import annotations

from django.apps import apps
from django.db import connection, transaction

from .models import Counter, IssuedDocument


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


def document_series_key(committee_id: int, year: int) -> str:
    """The counter of a committee's documents of a year: an advisory body ("Ban", "Hội đồng") keeps its
    own number series (domain.md §8), shared by every document type it issues."""
    return f"documents:{committee_id}:{year}"


def document_number_taken(committee_id: int, year: int, number: int) -> bool:
    """Whether any document the committee issued that year (every IssuedDocument model) has the number."""
    return any(
        model.objects.filter(committee_id=committee_id, year=year, number=number).exists()
        for model in apps.get_models()
        if issubclass(model, IssuedDocument)
    )


def document_number_next(committee_id: int, year: int) -> int:
    """The next free number of the committee's series; numbers registered by hand are skipped."""
    while True:
        number = counter_next(document_series_key(committee_id, year))
        if not document_number_taken(committee_id, year, number):
            return number
