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
from .models import Purpose

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


def purposes_phrase(purposes: Sequence[str]) -> str:
    """ "công tác, tham dự hội đàm và khảo sát": the purposes present, in the vocabulary's order."""
    present = set(purposes)
    phrases = [phrase for purpose, phrase in PURPOSE_PHRASES.items() if purpose.value in present]
    return join_vietnamese(phrases) if phrases else DEFAULT_PURPOSE_PHRASE


def _places(codes: Sequence[str], *, plural: str) -> str:
    """One place by name ("Lào", "Đài Loan (Trung Quốc)"), several by number ("12 quốc gia, vùng lãnh thổ")."""
    if len(codes) == 1:
        return countries.document_name(codes[0])
    return f"{format_number(len(codes))} {plural}"


def outbound_clause(
    count: int, country_codes: Sequence[str], purposes: Sequence[str], people: People | None = None
) -> str:
    if count == 0:
        return NO_OUTBOUND
    clause = f"cử {format_number(count)} đoàn"
    if people_phrase(people):
        clause += " với " + people_phrase(people)
    clause += f" đi {purposes_phrase(purposes)}"
    if country_codes:
        clause += " tại " + _places(country_codes, plural="quốc gia, vùng lãnh thổ")
    return clause


def inbound_clause(count: int, country_codes: Sequence[str], people: People | None = None) -> str:
    if count == 0:
        return NO_INBOUND
    clause = f"tổ chức đón tiếp {format_number(count)} đoàn"
    if people_phrase(people):
        clause += ", " + people_phrase(people)
    if country_codes:
        clause += " đến từ " + _places(country_codes, plural="quốc gia và vùng lãnh thổ")
    return clause + " đến thăm, làm việc"


def delegation_sentence(
    *,
    outbound: int,
    outbound_countries: Sequence[str],
    outbound_purposes: Sequence[str],
    inbound: int,
    inbound_countries: Sequence[str],
    outbound_people: People | None = None,
    inbound_people: People | None = None,
) -> str:
    """The summary sentence from a period's figures: counts, the places' codes, the outbound purposes and,
    when given, the person-trips each way."""
    if outbound == 0 and inbound == 0:
        return NONE_AT_ALL
    text = (
        f"{outbound_clause(outbound, outbound_countries, outbound_purposes, outbound_people)}; "
        f"{inbound_clause(inbound, inbound_countries, inbound_people)}."
    )
    return text[0].upper() + text[1:]
