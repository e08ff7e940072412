"""Proposed key tasks for a conclusion notice, from its pasted conclusion, its DOCX, or an appendix table
in a DOCX (tasks.proposals reads the text). Nothing is written: the secretariat edits and confirms, then
services.key_tasks_create adds them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from giaoban.core.documents.reading import read_docx
from giaoban.core.uploads import DOCX, check_upload
from giaoban.tasks import proposals
from giaoban.tasks.proposals import Proposal

from .conclusions import allowed_unit_ids, assigned_on_of
from .models import ConclusionNotice


def key_task_proposals(*, notice: ConclusionNotice, text: str, field: str = "text") -> list[Proposal]:
    """The proposals of a pasted text; ValidationError on `field` when it holds no item."""
    found = proposals.propose(
        text, assigned_on=assigned_on_of(notice), allowed=allowed_unit_ids(notice.committee)
    )
    if not found:
        raise ValidationError({field: proposals.NO_ITEMS}, code="no_items")
    return found


def key_task_proposals_from_docx(*, notice: ConclusionNotice, upload: UploadedFile) -> list[Proposal]:
    """The proposals of a DOCX: its first table whose header names the tasks and their lead bodies (an
    appendix, "Phụ lục"), else its paragraphs read as a pasted text."""
    checked = check_upload(upload, allowed=(DOCX,), field="file")
    checked.seek(0)
    try:
        content = read_docx(checked)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    for table in content.tables:
        columns = proposals.table_columns(table[0])
        if columns:
            found = proposals.propose_rows(
                table[1:],
                columns,
                assigned_on=assigned_on_of(notice),
                allowed=allowed_unit_ids(notice.committee),
            )
            if found:
                return found
    return key_task_proposals(notice=notice, text=content.text, field="file")
