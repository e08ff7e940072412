"""The news brief for the press, drafted from the meeting record in the style of the source article:

"Sáng 26/7, đồng chí Hoàng Văn Nghiệm, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh, Trưởng Ban
Chỉ đạo công tác thông tin đối ngoại và Ban Chỉ đạo 94 tỉnh chủ trì hội nghị giao ban 6 tháng đầu năm
2017." — then the period's results for every committee of the meeting (the notice's assessment, with the
figures the secretariat typed there; else the delegations app's sentence), its limitations ("Tuy nhiên,
vẫn còn một số hạn chế như: …") and the conclusion's key tasks ("… thực hiện tốt 13 nhiệm vụ trọng tâm …"). The secretariat edits the draft before copying it.

Press text: always Vietnamese, whatever the page's language.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

import docx as python_docx
from docx.oxml.ns import qn
from docx.shared import Mm

from giaoban.core.documents.ooxml import add_paragraph, set_fonts, set_language, set_size
from giaoban.core.documents.spec import (
    FIRST_LINE_INDENT_MM,
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
)
from giaoban.core.vietnamese import format_number, search_key
from giaoban.delegations.selectors import delegation_stats

from . import drafting
from .models import ConclusionNotice, Meeting

HIGHLIGHTED_TASKS = 3  # key tasks the brief names after their count
BRIEF_SIZE = 14


@dataclass(frozen=True)
class NewsBrief:
    title: str
    text: str


def lead_sentence(meeting: Meeting) -> str:
    """ "Sáng 26/7, đồng chí …, … chủ trì hội nghị giao ban 6 tháng đầu năm 2017."."""
    when = f"{drafting.time_of_day(meeting.start_time)} {drafting.day_month(meeting.date)}"
    phrase = drafting.meeting_phrase(meeting)
    if meeting.chair is None:
        return f"{when}, {drafting.committees_phrase(meeting)} tổ chức {phrase}."
    return f"{when}, {drafting.chair_phrase(meeting)} chủ trì {phrase}."


def delegations_sentence(meeting: Meeting, *, user: Any) -> str:
    """ "Trong 6 tháng đầu năm 2017, cử 29 đoàn đi …": the period's delegations of the host committee's
    units, as the user sees them; "" without a period or without any delegation."""
    if meeting.period_start is None or meeting.period_end is None:
        return ""
    stats = delegation_stats(
        user=user, date_from=meeting.period_start, date_to=meeting.period_end, committee=meeting.committee
    )
    if not stats.outbound.delegations and not stats.inbound.delegations:
        return ""
    return f"Trong {drafting.period_text(meeting)}, {drafting.lower_first(stats.sentence)}"


# A figure of delegations typed into the notice's assessment ("Cử 29 đoàn …", "đón tiếp 32 đoàn").
_TYPED_FIGURES = re.compile(r"\b\d[\d.]*\s+đoàn\b")


def results_paragraphs(meeting: Meeting, notice: ConclusionNotice | None, *, user: Any) -> list[str]:
    """What the period achieved, for every committee of the meeting: the notice's assessment as the
    secretariat typed it (the results of each committee's field), with its figures; the register's
    delegations sentence only where the notice states no such figure (or there is no notice yet)."""
    assessment = [line.strip() for line in (notice.assessment if notice else "").splitlines() if line.strip()]
    if assessment and any(_TYPED_FIGURES.search(line) for line in assessment):
        return assessment
    computed = delegations_sentence(meeting, user=user)
    return [*assessment, computed] if computed else assessment


def limitations_paragraph(notice: ConclusionNotice | None) -> str:
    """ "Tuy nhiên, vẫn còn một số hạn chế như: …", from the notice's limitations."""
    lines = [line.strip() for line in (notice.limitations if notice else "").splitlines() if line.strip()]
    if not lines:
        return ""
    text = " ".join(lines)
    text = text if text.endswith((".", "…")) else f"{text}."
    return f"Tuy nhiên, vẫn còn một số hạn chế như: {drafting.lower_first(text)}"


def _task_phrase(title: str) -> str:
    return drafting.lower_first(title.strip().rstrip(".;"))


def conclusion_sentence(meeting: Meeting, notice: ConclusionNotice | None) -> str:
    """The conclusion's key tasks: "… thực hiện tốt 13 nhiệm vụ trọng tâm mà hội nghị đề ra"."""
    if notice is None:
        return ""
    titles = list(notice.key_tasks.order_by("position", "pk").values_list("title", flat=True))
    if not titles:
        return ""
    speaker = f"đồng chí {meeting.chair.full_name}" if meeting.chair else "đồng chí chủ trì hội nghị"
    text = (
        f"Phát biểu kết luận, {speaker} đề nghị các cơ quan, đơn vị phối hợp với "
        f"{drafting.committees_phrase(meeting)} thực hiện tốt {format_number(len(titles))} nhiệm vụ trọng "
        "tâm mà hội nghị đề ra."
    )
    highlighted = [_task_phrase(title) for title in titles[:HIGHLIGHTED_TASKS]]
    if len(titles) > 1:
        text += " Trong đó nhấn mạnh các nhiệm vụ: " + "; ".join(highlighted) + "."
    return text


def news_brief(meeting: Meeting, *, user: Any) -> NewsBrief:
    """The draft: a headline and paragraphs separated by blank lines."""
    notice = ConclusionNotice.objects.filter(meeting=meeting).first()
    paragraphs = [
        lead_sentence(meeting),
        *results_paragraphs(meeting, notice, user=user),
        limitations_paragraph(notice),
        conclusion_sentence(meeting, notice),
    ]
    return NewsBrief(
        title=drafting.upper_first(meeting.title),
        text="\n\n".join(paragraph for paragraph in paragraphs if paragraph),
    )


# --- Export ------------------------------------------------------------------------------------------


def brief_filename(title: str, extension: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", search_key(f"tin {title}")).strip("-")[:80].rstrip("-")
    return f"{slug or 'tin'}.{extension}"


def brief_docx(brief: NewsBrief) -> bytes:
    """The brief as a plain Word file in Times New Roman: the headline in bold, then the paragraphs.
    A press text, not an official document: no national heading, number or signature."""
    word = python_docx.Document()
    defaults = word.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(run_defaults)
    set_size(run_defaults, BRIEF_SIZE)
    set_language(run_defaults)
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    word.core_properties.title = brief.title
    word.core_properties.author = "Giao Ban"
    if brief.title:
        add_paragraph(word, brief.title, size=BRIEF_SIZE + 2, bold=True, after=12)
    for paragraph in re.split(r"\n\s*\n|\r?\n", brief.text):
        if paragraph.strip():
            add_paragraph(
                word,
                paragraph.strip(),
                size=BRIEF_SIZE,
                align="justify",
                first_line_mm=FIRST_LINE_INDENT_MM,
                after=6,
                spacing=1.15,
            )
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def brief_text(brief: NewsBrief) -> str:
    """The brief as plain text (UTF-8, CRLF-free): the headline, a blank line, the paragraphs."""
    text = brief.text.replace("\r\n", "\n").strip()
    return f"{brief.title}\n\n{text}\n" if brief.title else f"{text}\n"
