"""Database helpers shared by every app."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Collate

from .vietnamese import POSTGRESQL_COLLATION, SQLITE_COLLATION


class VietnameseCollate(Collate):
    """`expr COLLATE <Vietnamese>`: ICU "vi-x-icu" on PostgreSQL, our registered function on SQLite."""

    def __init__(self, expression):
        super().__init__(expression, SQLITE_COLLATION)

    def as_postgresql(self, compiler, connection, **extra_context):
        extra_context.setdefault("collation", connection.ops.quote_name(POSTGRESQL_COLLATION))
        return super(Collate, self).as_sql(compiler, connection, **extra_context)


def vietnamese_order(field: str, descending: bool = False) -> models.OrderBy:
    """ORDER BY a text column in Vietnamese alphabetical order, on SQLite and PostgreSQL alike."""
    expression = VietnameseCollate(models.F(field))
    return expression.desc() if descending else expression.asc()


class SearchKeyQuerySetMixin:
    """Accent-insensitive search over a stored, indexed `search_key` column."""

    def search(self, query: str | None):
        from .vietnamese import search_key

        key = search_key(query)
        if not key:
            return self
        qs = self
        for word in key.split(" "):
            qs = qs.filter(search_key__contains=word)
        return qs
