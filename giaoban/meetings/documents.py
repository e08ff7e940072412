"""The meeting's three official documents, built from the records as `OfficialDocument`s and rendered by
the shared layout code (giaoban.core.documents): the invitation ("Giấy mời", GM), the conclusion
notice ("Thông báo kết luận", TB) and the minutes ("Biên bản", BB), in the host committee's layout
(Decree 30/2020/NĐ-CP for state bodies, Guidance 36-HD/VPTW for Party bodies).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.cache import cache

from giaoban.core.documents import (
    DOCX_CONTENT_TYPE,
    PDF_CONTENT_TYPE,
    Block,
    Heading,
    NumberedItem,
    OfficialDocument,
    Paragraph,
    Signature,
    document_filename,
    document_number_line,
    render_docx,
    render_pdf,
)
from giaoban.core.models import Letterhead as LetterheadChoice
from giaoban.core.vietnamese import (
    format_clock_document,
    format_date_short,
    format_moment_document,
    format_time_document,
    join_vietnamese,
    name_in_sentence,
)
from giaoban.org.letterhead import letterhead_for
from giaoban.tasks import deadlines
from giaoban.tasks.models import TaskStatus

from . import drafting, selectors
from .follow_up import FollowUp, FollowUpRow
from .models import Attendance, ConclusionNotice, Meeting, MeetingDocument
from .permissions import CONCLUSION, FOLLOW_UP, INVITATION, MINUTES

# Decree 30/2020/NĐ-CP, Appendix III: the type codes (the follow-up is a report, "Báo cáo").
TYPE_CODES = {INVITATION: "GM", CONCLUSION: "TB", MINUTES: "BB", FOLLOW_UP: "BC"}
TYPE_NAMES = {INVITATION: "GIẤY MỜI", CONCLUSION: "THÔNG BÁO", MINUTES: "BIÊN BẢN", FOLLOW_UP: "BÁO CÁO"}


def _paragraphs(text: str, **style) -> list[Paragraph]:
    """One paragraph per non-empty line of a text field."""
    return [Paragraph(line.strip(), **style) for line in (text or "").splitlines() if line.strip()]


def _when(meeting: Meeting) -> str:
    """ "08 giờ 00 phút, Thứ Tư, ngày 26 tháng 7 năm 2017"."""
    return format_moment_document(meeting.date, meeting.start_time)


def _header(
    meeting: Meeting,
    kind: str,
    *,
    number: int | None,
    date: dt.date | None,
    summary: str,
    letterhead: str = LetterheadChoice.COMMITTEE,
) -> dict:
    head = letterhead_for(meeting.committee, letterhead)
    return {
        **head.header(),
        "number": head.document_number(number),
        "type_code": TYPE_CODES[kind],
        "date": date,
        "type_name": TYPE_NAMES[kind],
        "summary": summary,
    }


def _chair_signature(meeting: Meeting):
    signing = drafting.signing_for(meeting.chair, meeting.committee, meeting.date)
    return drafting.signature(
        meeting.chair,
        prefix=signing["signing_prefix"],
        authority=signing["signing_authority"],
        title=signing["signer_title"] or "Chủ trì hội nghị",
    )


def _presenter(item, meeting: Meeting) -> str:
    """ "đồng chí Lê Văn Minh, Chánh Văn phòng Ban Chỉ đạo" or "Sở Ngoại vụ": who presents an item."""
    unit = name_in_sentence(item.presenter_unit.name) if item.presenter_unit else ""
    if item.presenter is None:
        return unit
    who = "đồng chí " + drafting.person_with_titles(
        item.presenter, meeting.date, drafting.meeting_committees(meeting)
    )
    if unit and unit.casefold() not in who.casefold():
        who += f" ({unit})"
    return who


def _agenda_items(meeting: Meeting, *, recorded: bool = False) -> list[Block]:
    """The agenda as numbered items with their presenters and clock times ("08 giờ 00 – 08 giờ 15:"); in
    the minutes (`recorded`), what was recorded of each item where the secretary wrote it down, never the
    planned times."""
    blocks: list[Block] = []
    for item in selectors.agenda_list(meeting=meeting):
        record = [_sentence(line) for line in item.record.splitlines() if line.strip()] if recorded else []
        who = _presenter(item, meeting)
        details = record or ([drafting.upper_first(who) + " trình bày."] if who else [])
        lead = "" if recorded else _clock_lead(item)
        blocks.append(NumberedItem(item.position, _sentence(item.title), lead=lead, details=details))
    return blocks


def _clock_lead(item) -> str:
    """ "08 giờ 00 – 08 giờ 15:", "Từ 09 giờ 30:" (no duration), or "" (clock unknown)."""
    starts, ends = item.clock
    if starts is None:
        return ""
    if ends is None:
        return f"Từ {format_clock_document(starts)}:"
    return f"{format_clock_document(starts)} – {format_clock_document(ends)}:"


def _invitee_line(invitee, meeting: Meeting) -> str:
    if invitee.unit_id:
        return f"Lãnh đạo {name_in_sentence(invitee.unit.name)}"
    committees = drafting.meeting_committees(meeting)
    return "Đồng chí " + drafting.person_with_titles(invitee.person, meeting.date, committees)


# --- Giấy mời ----------------------------------------------------------------------------------------


def _numbered(meeting: Meeting, kind: str) -> MeetingDocument | None:
    """The number and date given to the meeting's invitation or minutes (meeting_document_number)."""
    return next((d for d in meeting.issued_documents.all() if d.kind == kind), None)


def document_symbol(document: MeetingDocument) -> str:
    """ "Số: 12/GM-BCĐ" (Party layout "Số 12-GM/BCĐ"): a numbered invitation's or minutes' number line."""
    committee = document.committee
    return document_number_line(
        committee.document_layout, document.number, TYPE_CODES[document.kind], committee.document_code
    )


def drafting_unit(meeting: Meeting) -> str:
    """The unit that drafted the document, as "Lưu: VT, …" names it: the host's standing agency."""
    agency = meeting.committee.standing_agency
    return (agency.short_name or agency.name) if agency is not None else ""


def _filed(meeting: Meeting) -> str:
    """ "Lưu: VT, VP BCĐ": the copy kept by the clerk's office and by the drafting unit."""
    unit = drafting_unit(meeting)
    return f"Lưu: VT, {unit}" if unit else "Lưu: VT"


def invitation_document(meeting: Meeting) -> OfficialDocument:
    """ "Giấy mời" as an office sends it: "Trân trọng kính mời:" the invitees, to what and by whom, the
    chair, the time with its weekday, the place, the content with each presenter's titles."""
    phrase = drafting.meeting_phrase(meeting)
    committees = drafting.committees_phrase(meeting)
    invitees = list(selectors.invitee_list(meeting=meeting))
    body: list[Block] = [Paragraph("Trân trọng kính mời:")]
    body.extend(
        Paragraph(f"- {_invitee_line(invitee, meeting)}{'.' if i == len(invitees) - 1 else ';'}")
        for i, invitee in enumerate(invitees)
    )
    body.append(Paragraph(f"Tới dự {phrase} do {committees} tổ chức."))
    if meeting.chair is not None:
        body.append(Paragraph(drafting.upper_first(drafting.chair_phrase(meeting)) + ".", lead="Chủ trì: "))
    body.append(Paragraph(_when(meeting) + ".", lead="Thời gian: "))
    if meeting.venue:
        body.append(Paragraph(_sentence(meeting.venue), lead="Địa điểm: "))
    agenda = _agenda_items(meeting)
    if agenda:
        body.append(Paragraph("", lead="Nội dung:"))
        body.extend(agenda)
    body.append(
        Paragraph(
            "Đề nghị các cơ quan, đơn vị chuẩn bị ý kiến tham luận và cử đại biểu dự đúng thành phần. "
            "Rất mong các đồng chí đến dự đúng giờ./."
        )
    )
    numbered = _numbered(meeting, INVITATION)
    return OfficialDocument(
        **_header(
            meeting,
            INVITATION,
            number=numbered.number if numbered else None,
            date=numbered.date if numbered else meeting.invitation_date,
            summary=f"Dự {phrase}",
        ),
        body=body,
        signature=_chair_signature(meeting),
        recipients=["Như trên", _filed(meeting)],
    )


# --- Thông báo kết luận ------------------------------------------------------------------------------


def _key_task_details(key_task) -> str:
    parts = [f"Cơ quan chủ trì: {name_in_sentence(key_task.lead_unit.name)}"]
    coordinating = [name_in_sentence(unit.name) for unit in key_task.coordinating_units.all()]
    if coordinating:
        parts.append(f"phối hợp: {join_vietnamese(coordinating)}")
    deadline = deadlines.printed(
        wording=key_task.deadline_wording, recurring=key_task.recurring, deadline=key_task.deadline
    )
    parts.append(f"thời hạn: {deadline}")
    return "; ".join(parts) + "."


def _notice_signature(notice: ConclusionNotice):
    """The notice's signing block: its signer, with the authority and title the notice gives."""
    return drafting.signature(
        notice.signer,
        prefix=notice.signing_prefix,
        authority=notice.signing_authority,
        title=notice.signer_title,
    )


def conclusion_document(notice: ConclusionNotice) -> OfficialDocument:
    meeting = notice.meeting
    reviewed = drafting.period_phrase(meeting.period_start, meeting.period_end)
    upcoming = drafting.next_period_phrase(meeting.period_start, meeting.period_end)
    body: list[Block] = [*_paragraphs(notice.opening)]
    if notice.assessment or notice.limitations:
        heading = f"ĐÁNH GIÁ KẾT QUẢ {reviewed.upper()}" if reviewed else "ĐÁNH GIÁ KẾT QUẢ"
        body.append(Heading(f"I. {heading}"))
        body.extend(_paragraphs(notice.assessment))
        limitations = _paragraphs(notice.limitations)
        if limitations:
            first = limitations[0]
            limitations[0] = Paragraph(first.text, lead="Hạn chế: ")
        body.extend(limitations)
    key_tasks = list(selectors.key_task_list(notice=notice))
    if key_tasks:
        number = "II" if notice.assessment or notice.limitations else "I"
        # "6 tháng cuối năm 2017" only if every dated task falls due within it; one due in 2018 is not.
        upcoming_end = drafting.next_period_end(meeting.period_start, meeting.period_end)
        beyond = upcoming_end is not None and any(
            key_task.deadline and key_task.deadline > upcoming_end for key_task in key_tasks
        )
        within = f"NHIỆM VỤ TRỌNG TÂM {upcoming.upper()}" if upcoming and not beyond else None
        heading = within or "NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI"
        body.append(Heading(f"{number}. {heading}"))
        body.extend(
            NumberedItem(key_task.position, _sentence(key_task.title), details=[_key_task_details(key_task)])
            for key_task in key_tasks
        )
    body.extend(_paragraphs(notice.closing))
    return OfficialDocument(
        **_header(
            meeting,
            CONCLUSION,
            number=notice.number,
            date=notice.date,
            summary=notice.summary,
            letterhead=notice.letterhead,
        ),
        body=body,
        signature=_notice_signature(notice),
        recipients=[line for line in notice.recipients.splitlines() if line.strip()],
    )


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", ":", ";")) else f"{text}."


# --- Tình hình thực hiện kết luận ------------------------------------------------------------------

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII")


def _follow_up_details(row: FollowUpRow, on: dt.date) -> list[str]:
    """Under each task: its addressees and deadline as the notice printed them, then where it stood."""
    lines = [_key_task_details(row.key_task)]
    task = row.task
    if row.due and row.key_task.deadline and row.due != row.key_task.deadline:
        lines.append(f"Thời hạn sau gia hạn: {format_date_short(row.due)}.")
    if row.status in (TaskStatus.COMPLETED_ON_TIME, TaskStatus.COMPLETED_LATE) and task and task.completed_on:
        lines.append(f"Hoàn thành ngày {format_date_short(task.completed_on)}.")
    elif row.status == TaskStatus.OPEN_OVERDUE and row.due:
        lines.append(f"Quá hạn {(on - row.due).days} ngày; tiến độ {row.percent}%.")
    elif row.status == TaskStatus.CANCELLED and task:
        reason = f": {task.cancel_reason.rstrip('.')}" if task.cancel_reason else ""
        lines.append(f"Dừng thực hiện{reason}.")
    elif row.status is not None:
        lines.append(f"Tiến độ: {row.percent}%.")
    if row.latest is not None:
        text = row.latest.text.strip().rstrip(".")
        lines.append(
            f"Báo cáo gần nhất ({format_date_short(row.latest.reported_on)}, "
            f"{name_in_sentence(row.latest.unit.name)}): {text}."
        )
    return lines


def follow_up_document(follow: FollowUp) -> OfficialDocument:
    """ "Báo cáo tình hình thực hiện kết luận": the notice's key tasks by class as of a date, for the next
    briefing. Unnumbered: the secretariat registers it when it is signed."""
    notice, meeting = follow.notice, follow.notice.meeting
    committee = notice.committee
    source = f"Thông báo kết luận số {follow.symbol}" if follow.symbol else "Thông báo kết luận"
    if notice.date:
        source += f" ngày {format_date_short(notice.date)}"
    on = format_date_short(follow.on)
    # "Kết luận của đồng chí … tại hội nghị …" follows "Thông báo kết luận số …" without its first words.
    about = drafting.lower_first(notice.summary).rstrip(".")
    about = about.removeprefix("kết luận ") if about.startswith("kết luận ") else f"về {about}"
    body: list[Block] = [
        Paragraph(
            f"Thực hiện {source} {about}, "
            f"{drafting.collective_name(committee)} báo cáo tình hình thực hiện các nhiệm vụ trọng tâm "
            f"đến ngày {on} như sau:"
        ),
        Paragraph(follow.sentence),
    ]
    for index, (status, rows) in enumerate(follow.groups()):
        label = str(status.label) if status else "Chưa giao"
        count = len(rows)
        body.append(Heading(f"{ROMAN[index]}. {label.upper()} ({count} NHIỆM VỤ)"))
        body.extend(
            NumberedItem(
                row.position, _sentence(row.key_task.title), details=_follow_up_details(row, follow.on)
            )
            for row in rows
        )
    body.append(
        Paragraph(f"Trên đây là tình hình thực hiện {source}, báo cáo tại hội nghị giao ban kỳ tới./.")
    )
    summary = f"Tình hình thực hiện {source} (đến ngày {on})"
    return OfficialDocument(
        **_header(meeting, FOLLOW_UP, number=None, date=follow.on, summary=summary),
        body=body,
        signature=_notice_signature(notice),
        recipients=["Các thành viên Ban Chỉ đạo", "Lưu: VT"],
    )


# --- Biên bản ----------------------------------------------------------------------------------------


def _minutes_summary(meeting: Meeting) -> str:
    """ "Hội nghị giao ban 6 tháng đầu năm 2017", naming the committees of a joint meeting: "… của Ban Chỉ
    đạo công tác thông tin đối ngoại và Ban Chỉ đạo 94 tỉnh"."""
    summary = drafting.upper_first(drafting.meeting_phrase(meeting))
    if len(drafting.meeting_committees(meeting)) > 1:
        summary += f" của {drafting.committees_phrase(meeting)}"
    return summary


def minutes_document(meeting: Meeting, notice: ConclusionNotice | None = None) -> OfficialDocument:
    """ "Biên bản" in the form of Decree 30/2020/NĐ-CP (Appendix I, the minutes): time, place, chair,
    secretary, who attended and who did not, each item as recorded, the conclusions, the time it ended;
    the secretary signs left and the chair right."""
    invitees = list(selectors.invitee_list(meeting=meeting))
    present = [i for i in invitees if i.attendance in (Attendance.PRESENT, Attendance.REPRESENTED)]
    absent = [i for i in invitees if i.attendance == Attendance.ABSENT]
    body: list[Block] = [Paragraph(_when(meeting) + ".", lead="Thời gian bắt đầu: ")]
    if meeting.venue:
        body.append(Paragraph(_sentence(meeting.venue), lead="Địa điểm: "))
    if meeting.chair is not None:
        body.append(Paragraph(drafting.upper_first(drafting.chair_phrase(meeting)) + ".", lead="Chủ trì: "))
    if meeting.minutes_taker is not None:
        secretary = drafting.person_with_titles(
            meeting.minutes_taker, meeting.date, drafting.meeting_committees(meeting)
        )
        body.append(Paragraph(f"Đồng chí {secretary}.", lead="Thư ký: "))
    if present:
        body.append(Paragraph("", lead="Thành phần tham dự:"))
        for i, invitee in enumerate(present):
            line = _invitee_line(invitee, meeting)
            if invitee.represented_by:
                verb = "dự thay" if invitee.attendance == Attendance.REPRESENTED else "dự"
                line += f" ({invitee.represented_by} {verb})"
            body.append(Paragraph(f"- {line}{'.' if i == len(present) - 1 else ';'}"))
    if absent:
        body.append(Paragraph("", lead="Vắng mặt:"))
        for i, invitee in enumerate(absent):
            reason = invitee.absence_reason.strip().rstrip(".")
            reason = f" (lý do: {drafting.lower_first(reason)})" if reason else ""
            body.append(
                Paragraph(
                    f"- {_invitee_line(invitee, meeting)}{reason}{'.' if i == len(absent) - 1 else ';'}"
                )
            )
    agenda = _agenda_items(meeting, recorded=True)
    sections = 0
    if agenda or meeting.minutes.strip():
        sections += 1
        body.append(Heading("I. NỘI DUNG HỘI NGHỊ"))
        body.extend(_paragraphs(meeting.minutes))
        body.extend(agenda)
    conclusion = _paragraphs(meeting.minutes_conclusion)
    count = notice.key_tasks.count() if notice is not None else 0
    if conclusion or count:
        sections += 1
        body.append(Heading(f"{'II' if sections == 2 else 'I'}. KẾT LUẬN CỦA HỘI NGHỊ"))
        body.extend(conclusion)
        if count:
            body.append(
                Paragraph(
                    f"Đồng chí chủ trì đề nghị các cơ quan, đơn vị thực hiện tốt {count} nhiệm vụ trọng tâm "
                    "(có thông báo kết luận kèm theo)."
                )
            )
    if meeting.end_time:
        body.append(Paragraph(f"Hội nghị kết thúc lúc {format_time_document(meeting.end_time)} cùng ngày./."))
    numbered = _numbered(meeting, MINUTES)
    secretary = (
        Signature(title="THƯ KÝ", name=meeting.minutes_taker.full_name) if meeting.minutes_taker else None
    )
    chair = Signature(title="CHỦ TRÌ", name=meeting.chair.full_name) if meeting.chair else None
    members = "Các thành viên " + join_vietnamese(
        [c.short_name for c in drafting.meeting_committees(meeting)]
    )
    return OfficialDocument(
        **_header(
            meeting,
            MINUTES,
            number=numbered.number if numbered else None,
            date=numbered.date if numbered else meeting.date,
            summary=_minutes_summary(meeting),
        ),
        body=body,
        signature=chair,
        countersignature=secretary,
        recipients=[members, _filed(meeting)],
    )


# --- Rendering ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rendered:
    content: bytes
    filename: str
    content_type: str


def build(kind: str, meeting: Meeting, notice: ConclusionNotice | None) -> OfficialDocument:
    if kind == INVITATION:
        return invitation_document(meeting)
    if kind == MINUTES:
        return minutes_document(meeting, notice)
    if kind == CONCLUSION and notice is not None:
        return conclusion_document(notice)
    raise ValueError(f"No {kind} document for meeting {meeting.pk}")


PDF_CACHE_SECONDS = 3600


def _pdf(document: OfficialDocument) -> bytes:
    """The PDF of a document, converted once: LibreOffice takes seconds, and a page and the API (or two
    readers) often ask for the same document. Keyed by the document's content, so any change to the
    records gives a new PDF."""
    key = "meetings:pdf:" + hashlib.sha256(repr(document).encode()).hexdigest()
    data = cache.get(key)
    if data is None:
        data = render_pdf(render_docx(document))
        cache.set(key, data, PDF_CACHE_SECONDS)
    return data


def render(kind: str, meeting: Meeting, notice: ConclusionNotice | None, fmt: str) -> Rendered:
    """The document as DOCX, or as PDF through LibreOffice (raises PdfConversionError without it)."""
    return rendered(build(kind, meeting, notice), fmt)


def rendered(document: OfficialDocument, fmt: str) -> Rendered:
    if fmt == "pdf":
        return Rendered(_pdf(document), document_filename(document, "pdf"), PDF_CONTENT_TYPE)
    return Rendered(render_docx(document), document_filename(document, "docx"), DOCX_CONTENT_TYPE)
