"""The Vietnamese phrases a meeting's texts are drafted from: the time of day, the period reviewed, the
chair with their titles as of the meeting date, the committees joined, the signature.

Document and press text: always Vietnamese, whatever the page's language, so nothing here is
translated. The news brief (news.py) and the documents (documents.py) are built from these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from giaoban.core.documents import Signature
from giaoban.core.vietnamese import (
    format_date_long,
    format_date_short,
    join_sharing_ending,
    join_vietnamese,
    period_label,
)
from giaoban.org.models import Committee, CommitteeMembership, MembershipRole, Person
from giaoban.org.selectors import person_title_text, person_titles

from .models import PERIODIC_KINDS, Meeting, MeetingKind

# --- Time of day -------------------------------------------------------------------------------------


def time_of_day(start: dt.time) -> str:
    """ "Sáng" before noon, "Chiều" until 18:00, "Tối" after: how the press dates a meeting."""
    if start < dt.time(12, 0):
        return "Sáng"
    if start < dt.time(18, 0):
        return "Chiều"
    return "Tối"


def day_month(day: dt.date) -> str:
    """ "26/7": the date in a news lead, without the year."""
    return f"{day.day}/{day.month}"


# --- Periods -----------------------------------------------------------------------------------------


def _starts_year(start: dt.date, year: int) -> bool:
    """The period starts on 1/1, or on 15/12 of the year before (the cut-off of Decree 09/2019/NĐ-CP)."""
    return start in (dt.date(year, 1, 1), dt.date(year - 1, 12, 15))


def _ends_month(end: dt.date, month: int) -> bool:
    """The period ends with the month, or on its 14th (Decree 09/2019/NĐ-CP cut-off)."""
    if end.month != month:
        return False
    following = dt.date(end.year + (month == 12), month % 12 + 1, 1)
    return end in (following - dt.timedelta(days=1), end.replace(day=14))


def _starts_month(start: dt.date, month: int, year: int) -> bool:
    previous = dt.date(year - (month == 1), (month - 2) % 12 + 1, 15)
    return start in (dt.date(year, month, 1), previous)


def period_kind(start: dt.date | None, end: dt.date | None) -> tuple[str, int, int] | None:
    """("quarter", 2017, 3), ("half_year", 2017, 1 or 2), ("nine_months", 2017, 0), ("year", 2017, 0), or None
    for a period that is none of these. Calendar periods and Decree 09/2019/NĐ-CP cut-offs both count."""
    if start is None or end is None or end < start:
        return None
    year = end.year
    if _starts_year(start, year):
        for month, kind in ((6, "half_year"), (9, "nine_months"), (12, "year")):
            if _ends_month(end, month):
                return (kind, year, 1 if kind == "half_year" else 0)
    if _starts_month(start, 7, year) and _ends_month(end, 12):
        return ("half_year", year, 2)
    for quarter in (1, 2, 3, 4):
        if _starts_month(start, 3 * quarter - 2, year) and _ends_month(end, 3 * quarter):
            return ("quarter", year, quarter)
    return None


def period_phrase(start: dt.date | None, end: dt.date | None) -> str | None:
    """ "quý I năm 2017", "6 tháng đầu năm 2017", "9 tháng đầu năm 2017", "năm 2017"; None otherwise."""
    found = period_kind(start, end)
    return None if found is None else period_label(*found)


def next_period_phrase(start: dt.date | None, end: dt.date | None) -> str | None:
    """The period after the one reviewed, for the key tasks' heading: "6 tháng cuối năm 2017"."""
    found = period_kind(start, end)
    if found is None:
        return None
    kind, year, part = found
    if kind == "quarter":
        return period_label("quarter", year, part + 1) if part < 4 else period_label("quarter", year + 1, 1)
    if kind == "half_year":
        return period_label("half_year", year, 2) if part == 1 else period_label("year", year + 1)
    if kind == "nine_months":
        return period_label("quarter", year, 4)
    return period_label("year", year + 1)


def next_period_end(start: dt.date | None, end: dt.date | None) -> dt.date | None:
    """The last day of the period `next_period_phrase` names (31/12/2017 after the first half of 2017)."""
    found = period_kind(start, end)
    if found is None:
        return None
    kind, year, part = found
    if kind == "quarter":
        year, month = (year, 3 * (part + 1)) if part < 4 else (year + 1, 3)
        following = dt.date(year + (month == 12), month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    if kind in ("half_year", "nine_months") and not (kind == "half_year" and part == 2):
        return dt.date(year, 12, 31)
    return dt.date(year + 1, 12, 31)


def lower_first(text: str) -> str:
    """ "Hội nghị giao ban" → "hội nghị giao ban"; a word in capitals ("UBND") is kept."""
    if not text:
        return text
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[0].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def meeting_phrase(meeting: Meeting) -> str:
    """What the chair chaired: "hội nghị giao ban 6 tháng đầu năm 2017" from the period of a periodic
    briefing; a thematic or ad hoc meeting (or an unusual period) by its own title."""
    phrase = period_phrase(meeting.period_start, meeting.period_end)
    if meeting.kind in PERIODIC_KINDS and phrase:
        if meeting.kind == MeetingKind.YEARLY and phrase.startswith("năm"):
            return f"hội nghị tổng kết {phrase}"
        return f"hội nghị giao ban {phrase}"
    return lower_first(meeting.title)


def suggested_title(kind: str, start: dt.date | None, end: dt.date | None) -> str:
    """A title for a new meeting: "Hội nghị giao ban 6 tháng đầu năm 2017"."""
    phrase = period_phrase(start, end)
    if kind in PERIODIC_KINDS and phrase:
        if kind == MeetingKind.YEARLY and phrase.startswith("năm"):
            return f"Hội nghị tổng kết {phrase}"
        return f"Hội nghị giao ban {phrase}"
    return ""


# --- Committees and people ---------------------------------------------------------------------------


def meeting_committees(meeting: Meeting) -> list[Committee]:
    """Every committee taking part, the host first (works on prefetched or fresh meetings)."""
    others = [c for c in meeting.committees.all() if c.pk != meeting.committee_id]
    return [meeting.committee, *sorted(others, key=lambda c: c.pk)]


def committees_phrase(meeting: Meeting) -> str:
    """ "Ban Chỉ đạo công tác thông tin đối ngoại và Ban Chỉ đạo 94 tỉnh"."""
    return join_sharing_ending([c.title_name or c.name for c in meeting_committees(meeting)])


def person_with_titles(person: Person, on: dt.date, committees: Sequence[Committee]) -> str:
    """ "Hoàng Văn Nghiệm, Phó Bí thư Thường trực Tỉnh ủy, …, Trưởng Ban Chỉ đạo …": titles as of the day."""
    titles = person_title_text(person, on, committees=list(committees))
    return f"{person.full_name}, {titles}" if titles else person.full_name


def chair_phrase(meeting: Meeting) -> str:
    if meeting.chair is None:
        return ""
    return "đồng chí " + person_with_titles(meeting.chair, meeting.date, meeting_committees(meeting))


def collective_name(committee: Committee) -> str:
    """The body a "TM." signature speaks for: "Ban Chỉ đạo", "Hội đồng", else the short name."""
    for generic in ("Ban Chỉ đạo", "Hội đồng", "Ủy ban", "Ban"):
        if committee.name.startswith(generic):
            return generic
    return committee.short_name or committee.name


def signing_for(person: Person | None, committee: Committee, on: dt.date) -> dict[str, str]:
    """Signing prefix, authority and title for a committee member on a day (Decree 30/2020/NĐ-CP,
    Appendix I, point II.7): the head signs "TM. Ban Chỉ đạo / Trưởng ban", a deputy "KT. Trưởng ban /
    Phó Trưởng ban"."""
    if person is None:
        return {"signing_prefix": "", "signing_authority": "", "signer_title": ""}
    membership = (
        CommitteeMembership.objects.filter(person=person, committee=committee)
        .active_on(on)
        .order_by("pk")
        .first()
    )
    role = membership.role if membership else None
    if role == MembershipRole.HEAD:
        return {
            "signing_prefix": "TM.",
            "signing_authority": collective_name(committee),
            "signer_title": "Trưởng ban",
        }
    if role in (MembershipRole.STANDING_DEPUTY, MembershipRole.DEPUTY):
        title = str(MembershipRole(role).label)
        return {"signing_prefix": "KT.", "signing_authority": "Trưởng ban", "signer_title": title}
    # Not a head or deputy of the committee: the signer signs with their own first title of the day.
    titles = person_titles(person, on)
    return {"signing_prefix": "", "signing_authority": "", "signer_title": titles[0] if titles else ""}


def signature(person: Person | None, *, prefix: str, authority: str, title: str) -> Signature | None:
    if person is None:
        return None
    return Signature(prefix=prefix or None, authority=authority, title=title, name=person.full_name)


# --- Conclusion notice defaults ----------------------------------------------------------------------

NOTICE_CLOSING = "Ban Chỉ đạo thông báo để các cơ quan, đơn vị biết, thực hiện./."
NOTICE_RECIPIENTS = "Các thành viên Ban Chỉ đạo\nCác cơ quan, đơn vị liên quan\nLưu: VT"


def notice_defaults(meeting: Meeting) -> dict[str, object]:
    """A first draft of a conclusion notice from its meeting: summary, opening, signer, recipients."""
    committee = meeting.committee
    signing = signing_for(meeting.chair, committee, meeting.date)
    role = "Trưởng Ban Chỉ đạo" if signing["signer_title"] == "Trưởng ban" else "đồng chí chủ trì"
    phrase = meeting_phrase(meeting)
    committees = meeting_committees(meeting)
    closing, recipients = NOTICE_CLOSING, NOTICE_RECIPIENTS
    if len(committees) > 1:
        # A joint meeting: the host issues the notice, its text speaks for every committee.
        closing = f"{committees_phrase(meeting)} thông báo để các cơ quan, đơn vị biết, thực hiện./."
        members = "Các thành viên " + join_vietnamese([c.short_name for c in committees])
        recipients = NOTICE_RECIPIENTS.replace("Các thành viên Ban Chỉ đạo", members)
    opening_parts = [
        f"{time_of_day(meeting.start_time)} {format_date_long(meeting.date)}, "
        f"{committees_phrase(meeting)} tổ chức {phrase}."
    ]
    if meeting.chair is not None:
        opening_parts.append(
            "Sau khi nghe báo cáo và ý kiến của các đại biểu dự hội nghị, "
            f"{chair_phrase(meeting)} kết luận như sau:"
        )
    return {
        "summary": f"Kết luận của {role} tại {phrase}",
        "opening": " ".join(opening_parts),
        "closing": closing,
        "signer": meeting.chair,
        "recipients": recipients,
        **signing,
    }


def period_text(meeting: Meeting) -> str:
    """ "6 tháng đầu năm 2017", or "từ 1/1/2017 đến 30/6/2017" for another period; "" without one."""
    phrase = period_phrase(meeting.period_start, meeting.period_end)
    if phrase:
        return phrase
    if meeting.period_start and meeting.period_end:
        return f"từ {format_date_short(meeting.period_start)} đến {format_date_short(meeting.period_end)}"
    return ""
