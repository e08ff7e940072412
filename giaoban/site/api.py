"""`GET /me/attention`: the home page's "việc cần làm" as JSON (the same read model)."""

from django.http import HttpRequest
from ninja import Router

from giaoban.api.schemas import READ_ERRORS

from .attention import attention_for
from .schemas import AttentionOut

router = Router(tags=["me"])


@router.get(
    "/me/attention",
    response={200: AttentionOut, **READ_ERRORS},
    summary="Việc cần làm",
    description="Những việc đang chờ người dùng theo vai trò: mỗi mục có số lượng, đường dẫn đến danh sách "
    "đã lọc và các bản ghi đầu tiên, mỗi bản ghi có đường dẫn đến trang của nó. Trang chủ hiển thị đúng dữ liệu này.",
)
def get_attention(request: HttpRequest):
    return attention_for(request.auth)
