"""Reading an uploaded Word document (.docx) back into text: its paragraphs, one a line, and its tables.

Word numbers list paragraphs itself ("1.", "a)", "-" are not in the text but in the paragraph's
numbering properties): each numbered paragraph gets its marker back, by list level (0: "1.", 1: "a)",
deeper: "-"), counted per list, so the text reads as it prints. The upload has been checked by
core.uploads.check_upload (size, type by content, unpacked size) before it gets here; python-docx parses
with entities left unresolved.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from typing import IO

import docx
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from docx.oxml.ns import qn
from lxml.etree import XMLSyntaxError

from ..vietnamese import nfc

BAD_DOCX = _("Tệp không phải văn bản Word (.docx) đọc được.")
LETTERS = "abcdđeghiklmnopqrstuvxy"


@dataclass
class DocxContent:
    lines: list[str] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)  # rows of cell texts

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _marker(level: int, count: int) -> str:
    if level == 0:
        return f"{count}."
    if level == 1:
        return f"{LETTERS[(count - 1) % len(LETTERS)]})"
    return "-"


def read_docx(file: IO[bytes]) -> DocxContent:
    """The paragraphs (numbering restored) and tables of a .docx; ValidationError if it cannot be read."""
    try:
        document = docx.Document(file)
    except (zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as error:
        raise ValidationError(BAD_DOCX, code="docx") from error
    content = DocxContent()
    counters: dict[tuple[str, int], int] = {}
    for paragraph in document.paragraphs:
        text = nfc(" ".join(paragraph.text.split()))
        if not text:
            continue
        properties = paragraph._p.pPr
        numbering = properties.find(qn("w:numPr")) if properties is not None else None
        if numbering is not None:
            num_id = numbering.find(qn("w:numId"))
            level_element = numbering.find(qn("w:ilvl"))
            list_id = num_id.get(qn("w:val")) if num_id is not None else ""
            level = int(level_element.get(qn("w:val"))) if level_element is not None else 0
            for key in [key for key in counters if key[0] == list_id and key[1] > level]:
                del counters[key]  # a deeper list starts again under each item
            counters[(list_id, level)] = counters.get((list_id, level), 0) + 1
            text = f"{_marker(level, counters[(list_id, level)])} {text}"
        content.lines.append(text)
    for table in document.tables:
        rows = [[nfc(" ".join(cell.text.split())) for cell in row.cells] for row in table.rows]
        if rows:
            content.tables.append(rows)
    return content
