"""The period's delegations in one Vietnamese sentence, as a report or a news brief writes it.

"Cử 29 đoàn đi công tác, tham dự hội đàm, khảo sát, trao đổi kinh nghiệm, đào tạo, bồi dưỡng và giao
lưu hữu nghị tại 12 quốc gia, vùng lãnh thổ; tổ chức đón tiếp 32 đoàn đến từ 9 quốc gia và vùng lãnh
thổ đến thăm, làm việc." (Báo Lạng Sơn on the 2017 mid-year briefing.) Provincial reports also count
person-trips: "cử 62 đoàn với 510 lượt cán bộ …; đón tiếp 165 đoàn, 883 lượt người".

The sentence is document text: it goes into reports, conclusion notices and news briefs, which are
always Vietnamese, so it is not translated with the page. Pages, the API, the meetings' news brief and
the committee reports all take it from `delegation_sentence`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from giaoban.core.vietnamese import format_number, join_vietnamese

from . import countries
from .models import Category, Level, Purpose

# How each purpose reads after "Cử N đoàn đi …", in the vocabulary's order. "Khác" is never listed:
# a sentence cannot name an unnamed purpose.
PURPOSE_PHRASES = {
    Purpose.WORK: "công tác",
    Purpose.TALKS: "tham dự hội đàm",
    Purpose.SURVEY: "khảo sát",
    Purpose.EXPERIENCE: "trao đổi kinh nghiệm",
    Purpose.TRAINING: "đào tạo, bồi dưỡng",
    Purpose.FRIENDSHIP: "giao lưu hữu nghị",
    Purpose.CONFERENCE: "dự hội nghị, hội thảo",
    Purpose.PROMOTION: "xúc tiến đầu tư, thương mại",
}
DEFAULT_PURPOSE_PHRASE = PURPOSE_PHRASES[Purpose.WORK]

NO_OUTBOUND = "chưa cử đoàn nào đi công tác nước ngoài"
NO_INBOUND = "chưa đón tiếp đoàn nước ngoài nào"
NONE_AT_ALL = "Chưa cử đoàn đi công tác nước ngoài và chưa đón tiếp đoàn nước ngoài nào."


# How a level or a category reads after "N đoàn …", each way ("đón tiếp 12 đoàn khách cấp cao").
GROUP_NOUNS = {
    "outbound": {
        Level.HIGH: "cấp cao",
        Level.PROVINCE: "cấp tỉnh",
        Level.DEPARTMENT: "cấp sở, huyện",
        Category.PRESS: "phóng viên",
        Category.ENTERPRISE: "doanh nghiệp",
        Category.INTERNATIONAL: "dự hoạt động của tổ chức quốc tế",
        Category.NGO: "làm việc với tổ chức phi chính phủ",
        Category.TOURISM: "du lịch",
    },
    "inbound": {
        Level.HIGH: "khách cấp cao",
        Level.PROVINCE: "khách cấp tỉnh",
        Level.DEPARTMENT: "cấp sở, huyện",
        Category.PRESS: "phóng viên nước ngoài",
        Category.ENTERPRISE: "doanh nghiệp nước ngoài",
        Category.INTERNATIONAL: "tổ chức quốc tế",
        Category.NGO: "tổ chức phi chính phủ nước ngoài",
        Category.TOURISM: "khách du lịch quốc tế",
    },
}
BORDER_MEETINGS = "cuộc hội đàm, gặp gỡ tại cửa khẩu, mốc biên giới"
ESCORTS = "đoàn công tác của Trung ương qua cửa khẩu"


@dataclass(frozen=True)
class People:
    """Person-trips ("lượt người") of one direction: the members counted, and how many delegations have no
    member count recorded (then the total is only a minimum)."""

    counted: int
    unknown: int = 0


def people_phrase(people: People | None) -> str:
    """ "510 lượt người"; "ít nhất 12 lượt người" when some counts are missing; "" when none is known:
    the sentence never states a total it does not know."""
    if people is None or people.counted == 0:
        return ""
    return ("ít nhất " if people.unknown else "") + f"{format_number(people.counted)} lượt người"


@dataclass(frozen=True)
class Group:
    """Delegations of one level or category (a value of Level or Category) within a direction."""

    key: str
    count: int
    people: People | None = None


@dataclass(frozen=True)
class Resident:
    """Inbound delegations of embassies or international organisations based in Viet Nam: their
    countries are nationalities, not where they came from."""

    count: int
    country_codes: Sequence[str] = ()


def _group_phrase(direction: str, group: Group) -> str:
    """ "12 đoàn khách cấp cao"; "10 đoàn phóng viên nước ngoài với 198 lượt người" (people only when
    every count is known)."""
    text = f"{format_number(group.count)} đoàn {GROUP_NOUNS[direction][group.key]}"
    if group.people and group.people.counted and not group.people.unknown:
        text += " với " + people_phrase(group.people)
    return text


def _head_and_tail(direction: str, count: int, groups: Sequence[Group]) -> tuple[str, str]:
    """The noun after "N đoàn" when one group is every delegation, and ", trong đó có …" for the others."""
    named = [group for group in groups if group.count and group.key in GROUP_NOUNS[direction]]
    whole = next((group for group in named if group.count == count), None)
    head = f" {GROUP_NOUNS[direction][whole.key]}" if whole else ""
    rest = [_group_phrase(direction, group) for group in named if group is not whole]
    return head, (", trong đó có " + join_vietnamese(rest)) if rest else ""


def _resident_phrase(resident: Resident) -> str:
    if len(resident.country_codes) == 1:
        return f"của cơ quan đại diện, tổ chức của {countries.document_name(resident.country_codes[0])} tại Việt Nam"
    return "của cơ quan đại diện, tổ chức nước ngoài tại Việt Nam"


def purposes_phrase(purposes: Sequence[str]) -> str:
    """ "công tác, tham dự hội đàm và khảo sát": the purposes present, in the vocabulary's order."""
    present = set(purposes)
    phrases = [phrase for purpose, phrase in PURPOSE_PHRASES.items() if purpose.value in present]
    return join_vietnamese(phrases) if phrases else DEFAULT_PURPOSE_PHRASE


def _places(codes: Sequence[str], *, plural: str, localities: Sequence[str] = ()) -> str:
    """One place by name ("Lào", "Đài Loan (Trung Quốc)"), or by its localities when every delegation
    names them ("Quảng Tây và Vân Nam (Trung Quốc)"); several by number ("12 quốc gia, vùng lãnh thổ")."""
    if len(codes) == 1:
        if localities:
            return f"{join_vietnamese(localities)} ({countries.document_name(codes[0])})"
        return countries.document_name(codes[0])
    return f"{format_number(len(codes))} {plural}"


def outbound_clause(
    count: int,
    country_codes: Sequence[str],
    purposes: Sequence[str],
    people: People | None = None,
    *,
    localities: Sequence[str] = (),
    groups: Sequence[Group] = (),
) -> str:
    if count == 0:
        return NO_OUTBOUND
    head, tail = _head_and_tail("outbound", count, groups)
    clause = f"cử {format_number(count)} đoàn{head}"
    if people_phrase(people):
        clause += " với " + people_phrase(people)
    clause += f" đi {purposes_phrase(purposes)}"
    if country_codes:
        clause += " tại " + _places(country_codes, plural="quốc gia, vùng lãnh thổ", localities=localities)
    return clause + tail


def inbound_clause(
    count: int,
    country_codes: Sequence[str],
    people: People | None = None,
    *,
    localities: Sequence[str] = (),
    groups: Sequence[Group] = (),
    resident: Resident | None = None,
) -> str:
    if count == 0:
        return NO_INBOUND
    head, tail = _head_and_tail("inbound", count, groups)
    clause = f"tổ chức đón tiếp {format_number(count)} đoàn{head}"
    if people_phrase(people):
        clause += (" với " if head else ", ") + people_phrase(people)
    places = ""
    if country_codes:
        places = "đến từ " + _places(country_codes, plural="quốc gia và vùng lãnh thổ", localities=localities)
    if resident and resident.count:
        if resident.count >= count:
            clause += " " + _resident_phrase(resident)
        else:
            visitors = f"{format_number(count - resident.count)} đoàn"
            clause += (
                f", gồm {visitors}{' ' + places if places else ''} và {format_number(resident.count)} đoàn "
                f"{_resident_phrase(resident)},"
            )
    elif places:
        clause += " " + places
    return clause + " đến thăm, làm việc" + tail


def border_clause(count: int, country_codes: Sequence[str], localities: Sequence[str] = ()) -> str:
    """ "tổ chức 2 cuộc hội đàm, gặp gỡ tại cửa khẩu, mốc biên giới với phía Quảng Tây (Trung Quốc)"."""
    clause = f"tổ chức {format_number(count)} {BORDER_MEETINGS}"
    if len(country_codes) == 1:
        clause += " với phía " + _places(country_codes, plural="", localities=localities)
    elif country_codes:
        clause += " với phía " + join_vietnamese([countries.document_name(code) for code in country_codes])
    return clause


def escort_clause(count: int) -> str:
    return f"đón, tiễn {format_number(count)} {ESCORTS}"


def delegation_sentence(
    *,
    outbound: int,
    outbound_countries: Sequence[str],
    outbound_purposes: Sequence[str],
    inbound: int,
    inbound_countries: Sequence[str],
    outbound_people: People | None = None,
    inbound_people: People | None = None,
    outbound_localities: Sequence[str] = (),
    inbound_localities: Sequence[str] = (),
    outbound_groups: Sequence[Group] = (),
    inbound_groups: Sequence[Group] = (),
    inbound_resident: Resident | None = None,
    border: int = 0,
    border_countries: Sequence[str] = (),
    border_localities: Sequence[str] = (),
    escort: int = 0,
) -> str:
    """The summary sentence from a period's figures: counts, the places' codes (or, named, their
    localities), the outbound purposes, the person-trips each way when given, the levels and categories
    ("trong đó có 12 đoàn khách cấp cao"), and the border meetings and escorts, counted apart."""
    if outbound == 0 and inbound == 0 and border == 0 and escort == 0:
        return NONE_AT_ALL
    clauses = [
        outbound_clause(
            outbound,
            outbound_countries,
            outbound_purposes,
            outbound_people,
            localities=outbound_localities,
            groups=outbound_groups,
        ),
        inbound_clause(
            inbound,
            inbound_countries,
            inbound_people,
            localities=inbound_localities,
            groups=inbound_groups,
            resident=inbound_resident,
        ),
    ]
    if border:
        clauses.append(border_clause(border, border_countries, border_localities))
    if escort:
        clauses.append(escort_clause(escort))
    text = "; ".join(clauses) + "."
    return text[0].upper() + text[1:]
