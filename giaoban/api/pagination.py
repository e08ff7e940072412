"""Limit/offset pagination with both numbers bounded, so no request can overflow the database driver."""

from __future__ import annotations

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

# Far beyond any list here; an unbounded offset could overflow the database driver.
MAX_OFFSET = 1_000_000_000


class Pagination(LimitOffsetPagination):
    """`?limit=` (default NINJA_PAGINATION_PER_PAGE, at most NINJA_PAGINATION_MAX_LIMIT) and `?offset=`."""

    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE,
            ge=1,
            le=settings.NINJA_PAGINATION_MAX_LIMIT,
            description="Số bản ghi tối đa mỗi trang.",
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Bỏ qua bấy nhiêu bản ghi đầu.")

    def __init__(self, **kwargs):
        super().__init__(max_limit=settings.NINJA_PAGINATION_MAX_LIMIT, **kwargs)
