"""From the text of a directive to proposed tasks: the items of a conclusion notice (pasted, or read from
its DOCX or an appendix table) split the Vietnamese way, each with its lead and coordinating bodies and
its deadline as written. Deterministic rules, no network; nothing is written here: the secretariat edits
and confirms the proposals, then the owning app creates the tasks through its services.

Items. A line opens an item by its marker: "I." (a section), "1." / "1)" / "Một là," (an item), "a)"
(a sub-item), "-" / "•" (a bullet), "+" (a sub-bullet). The tasks are the items of the shallowest level
found; an item that is a heading ("Về công tác tuyên truyền:", ending with ":" or opening "Về …",
"Đối với …") gives its sub-items instead, and they inherit the bodies it names. Under Roman sections,
only the sections about tasks ("NHIỆM VỤ …") count when there are such sections. Unmarked lines
continue the item above; a closing ("… thông báo để …", "Trên đây …") ends the list.

Bodies. Named the ways directives name them: "Sở Ngoại vụ chủ trì, phối hợp với Công an tỉnh, BCH Bộ
đội Biên phòng tỉnh …"; "Giao / Đề nghị / Yêu cầu <bodies> …"; "<bodies> thực hiện"; "(Cơ quan chủ
trì: …; phối hợp: …; thời hạn: …)". A list of bodies is split at a comma or "và" followed by a word that
opens a body name ("Sở", "Công an", "BCH", "UBND", …), so "Sở Văn hóa, Thể thao và Du lịch" stays one
name, and ends at a verb ("tổ chức", "thực hiện" …) or punctuation. Each name is looked up in the
directory (org.selectors.organisation_lookup), consecutive pieces joined first (the longest match wins);
a name not found is flagged for a choice, and groups ("các cơ quan liên quan", "UBND các huyện, thành
phố") are kept as written.

Deadlines. The wording as written ("hoàn thành trước ngày 02/11/2021", "trong quý III/2017", "khẩn
trương", "thường xuyên", "trước, trong thời gian tổ chức …"), read by tasks.deadlines.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from giaoban.core.vietnamese import nfc, search_key
from giaoban.org.models import Organisation
from giaoban.org.selectors import organisation_lookup

from . import deadlines

# --- Messages the tests check ----------------------------------------------------------------------

NO_ITEMS = _("Không tìm thấy nhiệm vụ nào trong văn bản: mỗi nhiệm vụ một dòng, đánh số “1.”, “a)” hoặc “-”.")
NAME_NOT_FOUND = _("Không tìm thấy “%(name)s” trong danh mục đơn vị: chọn đơn vị.")
NOT_A_MEMBER = _("“%(name)s” không phải là đơn vị thành viên của ban chỉ đạo: chọn đơn vị khác.")
NO_LEAD = _("Chưa xác định được cơ quan chủ trì: chọn đơn vị.")
SEVERAL_ADDRESSED = _("Văn bản giao cho nhiều cơ quan; cơ quan nêu đầu tiên được đề xuất chủ trì.")
NO_DEADLINE = _("Văn bản không ghi thời hạn: nhập thời hạn.")
EVENT_DATE_NEEDED = _("Thời hạn theo sự kiện: nhập ngày diễn ra sự kiện.")
DEADLINE_NOT_UNDERSTOOD = _("Chưa hiểu thời hạn “%(wording)s”: nhập ngày.")

MATCHED, UNMATCHED, GROUP = "matched", "unmatched", "group"
TITLE_MAX = 500
WORDING_MAX = 300

# --- Items ------------------------------------------------------------------------------------------

_ORDINALS = "Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười"
_MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(r"^(?P<m>[IVX]{1,4})\.\s+(?P<t>\S.*)$")),
    (1, re.compile(r"^(?P<m>\d{1,2})\s*[.)]\s*(?P<t>[^\d\s].*)$")),
    (1, re.compile(rf"^(?P<m>{_ORDINALS}) là\s*[,:]\s*(?P<t>.*)$")),
    (2, re.compile(r"^(?P<m>[a-zđ])\)\s*(?P<t>\S.*)$")),
    (3, re.compile(r"^(?P<m>[-–—•*])\s*(?P<t>\S.*)$")),
    (4, re.compile(r"^(?P<m>\+)\s*(?P<t>\S.*)$")),
)
_CLOSING = re.compile(r"thông báo (?:để|đến)|^trên đây|^nơi nhận|\./\.\s*$", re.IGNORECASE)
_TOPIC = re.compile(r"^(?:về|đối với|trong)\s", re.IGNORECASE)


@dataclass
class _Node:
    level: int
    marker: str
    text: str
    children: list[_Node] = field(default_factory=list)

    @property
    def is_heading(self) -> bool:
        text = self.text.rstrip()
        return bool(self.children) and (text.endswith(":") or (bool(_TOPIC.match(text)) and len(text) < 120))


def _lines(text: str) -> list[str]:
    return [
        " ".join(line.split()) for line in nfc(text or "").replace("\r", "\n").split("\n") if line.strip()
    ]


def _tree(lines: Iterable[str]) -> tuple[list[str], list[_Node]]:
    """The preamble (lines before the first item) and the items as a tree of levels."""
    preamble: list[str] = []
    roots: list[_Node] = []
    stack: list[_Node] = []
    for line in lines:
        for level, pattern in _MARKERS:
            match = pattern.match(line)
            if match:
                node = _Node(level, match.group("m"), match.group("t").strip())
                while stack and stack[-1].level >= level:
                    stack.pop()
                (stack[-1].children if stack else roots).append(node)
                stack.append(node)
                break
        else:
            if not stack:
                preamble.append(line)
            elif _CLOSING.search(line):
                stack = []
                break
            else:
                stack[-1].text += " " + line
    return preamble, roots


def _flatten(node: _Node) -> str:
    """An item with its sub-items, one a line, each with its marker as written."""
    parts = [node.text]
    for child in node.children:
        marker = child.marker + (")" if child.level == 2 else "." if child.level == 1 else "")
        parts.append(f"{marker} {_flatten(child)}")
    return "\n".join(parts)


# --- Bodies -----------------------------------------------------------------------------------------

# Words that open the name of a body, as officials write them (domain.md §12: UBND, HĐND, MTTQ, BCH, BĐBP,
# TU, BCĐ, TP, VP, Sở TT&TT …). Matched case-sensitively: "Ban" opens a name, "ban" in "các sở, ban,
# ngành" does not.
_HEADS = (
    "Sở",
    "Ban",
    "Bộ",
    "BCH",
    "BĐBP",
    "BCĐ",
    "Công an",
    "CA",
    "UBND",
    "Ủy ban",
    "Uỷ ban",
    "HĐND",
    "Hội đồng",
    "Tỉnh ủy",
    "Tỉnh uỷ",
    "TU",
    "Thành ủy",
    "Huyện ủy",
    "Đảng ủy",
    "MTTQ",
    "Mặt trận",
    "Đài",
    "Báo",
    "Hội",
    "Văn phòng",
    "VP",
    "Huyện",
    "Thành phố",
    "TP",
    "Xã",
    "Phường",
    "Thị trấn",
    "Đoàn",
    "Liên đoàn",
    "Trường",
    "Cục",
    "Chi cục",
    "Tổng cục",
    "Trung tâm",
    "Thanh tra",
    "Kho bạc",
    "Ngân hàng",
    "Công ty",
    "Hải quan",
    "Viện",
    "Tòa án",
    "Bảo hiểm",
    "Quân khu",
    "Đồn",
    "Cổng",
)
# Words that look like a body's first word but open an action: "Báo cáo", "Hội nghị", "Ban hành".
_NOT_HEADS = r"(?!Báo cáo|Hội nghị|Hội thảo|Hội thi|Ban hành|Đoàn kết|Bộ máy)"
# A group as directives address it: "các sở, ban, ngành", "các cơ quan liên quan", "toàn thể …".
_GROUP_HEAD = (
    r"(?:[Cc]ác|[Tt]oàn thể)\s+(?=(?:sở|ban|ngành|cơ quan|đơn vị|huyện|thành phố|địa phương|xã|phường|"
    r"thành viên|đoàn thể|lực lượng|cấp|tổ chức|doanh nghiệp|hội)\b)"
)
# An abbreviation in capitals ("SNGV", "UBND", "BCĐ") opens a name too.
_ABBREVIATION = r"[A-ZĐ][A-ZĐ&]+(?=[\s,;.:)]|$)"
_HEAD = re.compile(
    _NOT_HEADS
    + r"(?:"
    + _GROUP_HEAD
    + "|"
    + _ABBREVIATION
    + "|"
    + "|".join(re.escape(h) for h in sorted(_HEADS, key=len, reverse=True))
    + r"(?=[\s,;.:&-]|$))"
)
# Verbs (and deadline words) that end a list of bodies: lower case, as they are written mid-sentence.
_STOPS = (
    "chủ trì",
    "phối hợp",
    "thực hiện",
    "tổ chức",
    "triển khai",
    "xây dựng",
    "tham mưu",
    "tăng cường",
    "đẩy mạnh",
    "rà soát",
    "tiếp tục",
    "hướng dẫn",
    "theo dõi",
    "kiểm tra",
    "nghiên cứu",
    "chỉ đạo",
    "hoàn thành",
    "hoàn thiện",
    "báo cáo",
    "tuyên truyền",
    "nâng cao",
    "chuẩn bị",
    "đôn đốc",
    "quản lý",
    "bảo đảm",
    "đảm bảo",
    "cung cấp",
    "chịu trách nhiệm",
    "có trách nhiệm",
    "tập trung",
    "khẩn trương",
    "chủ động",
    "quan tâm",
    "trình",
    "ban hành",
    "cập nhật",
    "làm tốt",
    "thường xuyên",
    "định kỳ",
    "tập huấn",
    "bồi dưỡng",
    "đổi mới",
    "phát huy",
    "duy trì",
    "phân công",
    "cử",
    "tham gia",
    "đề xuất",
    "tổng hợp",
    "giao",
    "đề nghị",
    "yêu cầu",
    "thống nhất",
    "kịp thời",
    "trước",
    "trong",
    "đến",
    "thời hạn",
    "sớm",
    "tích cực",
    "lập",
    "soạn thảo",
    "biên soạn",
    "phát hành",
    "mở",
    "đăng",
    "đưa",
    "tiến hành",
    "quán triệt",
    "chuẩn bị",
    "đón",
    "làm việc",
    "để",
    "nhằm",
)
_STOP = re.compile(
    r"(?:" + "|".join(re.escape(s) for s in sorted(set(_STOPS), key=len, reverse=True)) + r")(?=[\s,;.:()]|$)"
)
_GROUP = re.compile(
    r"^(?:các|toàn thể)\s|\bcác\s+(?:huyện|sở|cơ quan|đơn vị|địa phương|xã|thành viên)|\bliên quan$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\s,;:()]+")


@dataclass(frozen=True)
class Mention:
    """A body as the text names it, and what the directory says of it."""

    text: str
    organisation: Organisation | None = None
    status: str = UNMATCHED  # MATCHED, UNMATCHED (flagged for a choice) or GROUP (kept as written)


@dataclass(frozen=True)
class _Piece:
    start: int
    end: int


def _pieces(text: str, pos: int) -> tuple[list[_Piece], int]:
    """The names of a list of bodies starting at `pos` (heuristic boundaries), and where the list ends."""
    pieces: list[_Piece] = []
    i = _skip_space(text, pos)
    while i < len(text) and _HEAD.match(text, i):
        start, end = i, i
        while True:
            word = _WORD.match(text, i)
            if word is None:
                break
            end = word.end()
            i = _skip_space(text, end)
            if i >= len(text) or text[i] in ";:()":
                break
            if text[i] == ",":
                after = _skip_space(text, i + 1)
                if _HEAD.match(text, after) or _STOP.match(text, after):
                    break
                i = after
                continue
            if text.startswith("và ", i) or text.startswith("với ", i) or text.startswith("cùng ", i):
                after = _skip_space(text, text.index(" ", i))
                if _HEAD.match(text, after):
                    break
            if _STOP.match(text, i) and not text[i].isupper():
                break
            if text[i] == "." and (i + 1 >= len(text) or text[i + 1] == " "):
                break
        pieces.append(_Piece(start, end))
        i = _skip_space(text, end)
        if i < len(text) and text[i] == ",":
            i = _skip_space(text, i + 1)
        elif text.startswith(("và ", "với ", "cùng "), i):
            i = _skip_space(text, text.index(" ", i))
        else:
            break
        if not _HEAD.match(text, i):
            break
    list_end = pieces[-1].end if pieces else pos
    return pieces, list_end


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] == " ":
        i += 1
    return i


Lookup = Callable[[str], Organisation | None]


def _prefixes(text: str, start: int, end: int) -> list[int]:
    """Where a name starting at `start` may end, longest first: after each of its words."""
    ends = [match.end() for match in _WORD.finditer(text, start, end)]
    return sorted(set(ends), reverse=True)


def _mentions(text: str, pieces: list[_Piece], lookup: Lookup) -> tuple[list[Mention], int]:
    """Each piece looked up, consecutive pieces joined first and then shortened word by word (the longest
    name found wins); and where the names end: a name found that ends inside its piece ends the list
    ("… phối hợp với Sở Ngoại vụ quảng bá …", where "quảng bá" opens the action)."""
    found: list[Mention] = []
    end = pieces[-1].end if pieces else 0
    i = 0
    while i < len(pieces):
        match = None
        for j in range(len(pieces), i, -1):
            for stop in _prefixes(text, pieces[i].start, pieces[j - 1].end):
                if j - 1 > i and stop <= pieces[j - 1].start:
                    break  # shorter spans are tried with fewer pieces
                organisation = lookup(text[pieces[i].start : stop].strip(" ."))
                if organisation is not None:
                    match = (j, stop, organisation)
                    break
            if match:
                break
        if match:
            j, stop, organisation = match
            found.append(Mention(text[pieces[i].start : stop].strip(" ."), organisation, MATCHED))
            if stop < pieces[j - 1].end:
                return found, stop
            i = j
        else:
            name = text[pieces[i].start : pieces[i].end].strip(" .")
            if _GROUP.search(name):
                found.append(Mention(name, None, GROUP))
            else:
                stop = _cut_long_name(text, pieces[i])
                found.append(Mention(text[pieces[i].start : stop].strip(" ."), None, UNMATCHED))
                if stop < pieces[i].end:
                    return found, stop
            i += 1
    return found, end


# Lower-case words a body's name may hold after its first syllables: places, "và".
_NAME_WORDS = {"tỉnh", "huyện", "thành", "phố", "xã", "phường", "thị", "trấn", "quận", "và", "nhân", "dân"}
LONG_NAME_WORDS = 8


def _cut_long_name(text: str, piece: _Piece) -> int:
    """Where an unknown name too long to be one ends: before two lower-case words in a row (not places),
    which start the action ("Sở Ngoại vụ quảng bá hình ảnh …" → "Sở Ngoại vụ")."""
    words = list(_WORD.finditer(text, piece.start, piece.end))
    if len(words) <= LONG_NAME_WORDS:
        return piece.end
    for previous, word in zip(words, words[1:], strict=False):
        low = word.group(0)
        if (
            low[:1].islower()
            and previous.group(0)[:1].islower()
            and low not in _NAME_WORDS
            and previous.group(0) not in _NAME_WORDS - {"và"}
        ):
            return previous.end()
    return piece.end


# --- Deadlines --------------------------------------------------------------------------------------

_DATE = r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}"
_DONE = r"(?:(?:phải\s+)?(?:hoàn thành|xong|thực hiện xong)\s+)?"
_DEADLINES = (
    re.compile(rf"{_DONE}trước,?\s+trong(?:\s+và\s+sau)?\s+(?:thời gian|dịp)\s+[^.;()]+", re.IGNORECASE),
    re.compile(rf"{_DONE}trước ngày\s+{_DATE}", re.IGNORECASE),
    re.compile(
        rf"{_DONE}(?:đến hết ngày|đến ngày|trong ngày|chậm nhất (?:là )?(?:ngày )?)\s*{_DATE}", re.IGNORECASE
    ),
    re.compile(
        rf"{_DONE}(?:trong\s+)?quý\s+(?:IV|I{{1,3}}|[1-4])\b(?:\s*(?:/|năm)\s*\d{{4}})?", re.IGNORECASE
    ),
    re.compile(rf"{_DONE}(?:trong\s+)?(?:6|9) tháng (?:đầu|cuối) năm(?:\s+\d{{4}})?", re.IGNORECASE),
    re.compile(rf"{_DONE}(?:trong\s+)?tháng\s+\d{{1,2}}\s*(?:/|năm)\s*\d{{4}}", re.IGNORECASE),
    re.compile(rf"{_DONE}trong năm\s+\d{{4}}", re.IGNORECASE),
)
_LABELLED_DEADLINE = re.compile(
    r"(?:thời hạn(?: hoàn thành)?|thời gian(?: hoàn thành| thực hiện)?)\s*:\s*(?P<v>[^;()]+?)\s*(?=[;()]|\.\s|\.?$)",
    re.IGNORECASE,
)
_URGENT = re.compile(r"\bkhẩn trương\b", re.IGNORECASE)
_RECURRING = re.compile(r"\bthường xuyên\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Deadline:
    wording: str
    kind: str
    due: dt.date | None
    flag: str = ""


def _read_deadline(wording: str, assigned_on: dt.date) -> _Deadline:
    wording = wording.strip(" ,;.")[:WORDING_MAX]
    try:
        found = deadlines.interpret(wording, assigned_on=assigned_on)
        return _Deadline(found.wording, found.kind, found.due)
    except ValidationError:
        pass
    if not re.search(r"\d{4}", wording):
        # "trong quý III", "6 tháng cuối năm": the year of the notice is meant.
        year = assigned_on.year
        filled = f"{wording} {year}" if wording.endswith("năm") else f"{wording}/{year}"
        try:
            found = deadlines.interpret(filled, assigned_on=assigned_on)
            return _Deadline(wording, found.kind, found.due)
        except ValidationError:
            pass
    if re.search(r"thời gian|dịp", wording, re.IGNORECASE):
        return _Deadline(wording, deadlines.DeadlineKind.EVENT, None, str(EVENT_DATE_NEEDED))
    return _Deadline(wording, "", None, str(DEADLINE_NOT_UNDERSTOOD % {"wording": wording}))


# --- Proposals --------------------------------------------------------------------------------------

_VERB = re.compile(r"(?:^|(?<=[\s(,;:]))(?P<v>giao|đề nghị|yêu cầu)\s+", re.IGNORECASE)
_LEAD_LABEL = re.compile(
    r"(?:cơ quan |đơn vị )?chủ trì\s*:\s*(?P<v>[^;()]+?)\s*(?=[;()]|\.\s|\.?$)", re.IGNORECASE
)
_COORD_LABEL = re.compile(
    r"(?:cơ quan |đơn vị )?phối hợp\s*:\s*(?P<v>[^;()]+?)\s*(?=[;()]|\.\s|\.?$)", re.IGNORECASE
)
_LEADS = re.compile(r"\bchủ trì\b(?!\s*:)")
_COORDINATE = re.compile(r"\s*,?\s*phối hợp(?:\s+(?:với|cùng))?\s+")
_COMMA = re.compile(r"\s*[,;]\s*")
_COORDINATES = re.compile(r"\s*phối hợp\b")
_ACT = re.compile(r"\s*(?:thực hiện|chịu trách nhiệm|có trách nhiệm|tham mưu|theo dõi)\b")


@dataclass
class Proposal:
    """A proposed key task: what the item says and what the rules read from it."""

    position: int
    text: str
    title: str
    verb: str = ""
    lead: Mention | None = None
    coordinating: list[Mention] = field(default_factory=list)
    addressed: list[str] = field(default_factory=list)  # groups and free text, as written
    deadline_wording: str = ""
    deadline_kind: str = ""
    deadline: dt.date | None = None
    recurring: bool = False
    flags: list[str] = field(default_factory=list)


@dataclass
class _Addressees:
    lead: list[Mention] = field(default_factory=list)
    coordinating: list[Mention] = field(default_factory=list)
    verb: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.lead or self.coordinating)


def _clause_start(text: str, index: int) -> int:
    cut = max(text.rfind(mark, 0, index) for mark in (". ", "; ", ": ", "("))
    return 0 if cut < 0 else cut + (1 if text[cut] == "(" else 2)


def _addressees(text: str, lookup: Lookup) -> _Addressees:
    found = _Addressees()
    # "(Cơ quan chủ trì: …; phối hợp: …)": the layout the notices themselves print.
    for pattern, target in ((_LEAD_LABEL, found.lead), (_COORD_LABEL, found.coordinating)):
        for match in pattern.finditer(text):
            pieces, _end = _pieces(match.group("v"), 0)
            if not pieces:
                pieces = [_Piece(0, len(match.group("v")))]
            target.extend(_mentions(match.group("v"), pieces, lookup)[0])
            found.spans.append(match.span())
    if found:
        return found
    # "<bodies> chủ trì, phối hợp với <bodies> …", possibly after "Giao" / "Đề nghị" / "Yêu cầu".
    leads = _LEADS.search(text)
    if leads:
        start = _clause_start(text, leads.start())
        verb = _VERB.match(text, start)
        names_from = verb.end() if verb else start
        pieces, end = _pieces(text, names_from)
        if pieces and not text[end : leads.start()].strip(" ,"):
            found.verb = verb.group("v").lower() if verb else ""
            found.lead = _mentions(text, pieces, lookup)[0]
            span_end = leads.end()
            coordinate = _COORDINATE.match(text, span_end)
            after = _COMMA.match(text, span_end)
            if coordinate:
                more, _more_end = _pieces(text, coordinate.end())
                found.coordinating, more_end = _mentions(text, more, lookup)
                span_end = more_end if more else coordinate.end()
            elif after:
                # "(Sở Ngoại vụ chủ trì, Công an tỉnh phối hợp)"
                more, more_end = _pieces(text, after.end())
                coordinates = _COORDINATES.match(text, more_end)
                if more and coordinates:
                    found.coordinating = _mentions(text, more, lookup)[0]
                    span_end = coordinates.end()
            found.spans.append((start, span_end))
            return found
    # "Giao / Đề nghị / Yêu cầu <bodies> <action>", or "<bodies> thực hiện / <action>" opening a clause.
    for verb in _VERB.finditer(text):
        pieces, end = _pieces(text, verb.end())
        if pieces:
            found.verb = verb.group("v").lower()
            found.lead, end = _mentions(text, pieces, lookup)
            act = _ACT.match(text, end)
            found.spans.append((verb.start(), act.end() if act else end))
            return found
    for start in sorted({0, *(m.end() for m in re.finditer(r"[.;]\s+", text))}):
        pieces, end = _pieces(text, start)
        if not pieces:
            continue
        mentions, names_end = _mentions(text, pieces, lookup)
        rest = _skip_space(text, names_end)
        if names_end < end or _STOP.match(text, rest):
            end = names_end
            if text.startswith("phối hợp", rest):
                found.coordinating = mentions
                found.spans.append((start, rest + len("phối hợp")))
            else:
                found.lead = mentions
                act = _ACT.match(text, end)
                found.spans.append((start, act.end() if act else end))
            return found
    return found


def _title(text: str, spans: list[tuple[int, int]]) -> str:
    kept, last = [], 0
    for start, end in sorted(spans):
        if start >= last:
            kept.append(text[last:start])
            last = end
    kept.append(text[last:])
    title = " ".join("".join(kept).split())
    title = re.sub(r"\(\s*[;,.]?\s*\)", "", title)
    title = re.sub(r"\s+([,;.:)])", r"\1", title)
    title = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", title)
    title = title.strip(" ,;:.-–")
    title = title[:1].upper() + title[1:]
    return title[:TITLE_MAX]


def _split_title(text: str) -> str:
    """The first line of an item is its task; further lines (sub-bullets) stay in the description."""
    return text.split("\n", 1)[0]


def propose_item(
    text: str,
    *,
    position: int,
    assigned_on: dt.date,
    lookup: Lookup,
    allowed: set[int] | None = None,
    inherited: _Addressees | None = None,
) -> Proposal:
    """One item's proposal; `inherited`: the bodies its heading (or the preamble) names."""
    first = _split_title(text)
    spans: list[tuple[int, int]] = []
    # The deadline: labelled ("thời hạn: …"), else the first wording found.
    wording = ""
    labelled = _LABELLED_DEADLINE.search(first)
    if labelled:
        wording = labelled.group("v")
        spans.append(labelled.span())
    else:
        for pattern in _DEADLINES:
            match = pattern.search(first)
            if match:
                wording = match.group(0)
                spans.append(match.span())
                break
    found = _addressees(first, lookup)
    spans.extend(found.spans)
    if not found and inherited:
        found = _Addressees(list(inherited.lead), list(inherited.coordinating), inherited.verb)
    proposal = Proposal(
        position=position, text=text, title=_title(first, spans) or first[:TITLE_MAX], verb=found.verb
    )

    leads = [m for m in found.lead if m.status != GROUP]
    proposal.addressed = [m.text for m in (*found.lead, *found.coordinating) if m.status == GROUP]
    if leads:
        proposal.lead = leads[0]
        if len(leads) > 1:
            proposal.flags.append(str(SEVERAL_ADDRESSED))
    proposal.coordinating = [m for m in (*leads[1:], *found.coordinating) if m.status != GROUP]
    for mention in [proposal.lead, *proposal.coordinating]:
        if mention is None:
            continue
        if mention.status == UNMATCHED:
            proposal.flags.append(str(NAME_NOT_FOUND % {"name": mention.text}))
        elif allowed is not None and mention.organisation and mention.organisation.pk not in allowed:
            proposal.flags.append(str(NOT_A_MEMBER % {"name": mention.text}))
    if proposal.lead is None:
        proposal.flags.append(str(NO_LEAD))

    if not wording:
        if _RECURRING.search(first):
            wording = "thường xuyên"
        elif _URGENT.search(first):
            wording = "khẩn trương"
    if wording:
        deadline = _read_deadline(wording, assigned_on)
        proposal.deadline_wording = deadline.wording
        proposal.deadline_kind = deadline.kind
        proposal.deadline = deadline.due
        proposal.recurring = deadline.kind == deadlines.DeadlineKind.RECURRING
        if deadline.flag:
            proposal.flags.append(deadline.flag)
    else:
        proposal.flags.append(str(NO_DEADLINE))
    return proposal


def _task_nodes(roots: list[_Node]) -> list[_Node]:
    """The sections about tasks ("II. NHIỆM VỤ …") when the text has such sections, else everything."""
    sections = [node for node in roots if node.level == 0]
    about_tasks = [node for node in sections if "nhiem vu" in search_key(node.text)]
    if about_tasks:
        return about_tasks
    return roots


def _walk(
    nodes: list[_Node], inherited: _Addressees | None, lookup: Lookup
) -> Iterable[tuple[_Node, _Addressees | None]]:
    """The task items, each with the bodies its nearest heading (or section, or the preamble) names."""
    for node in nodes:
        if node.level == 0 or node.is_heading:
            own = _addressees(node.text, lookup)
            yield from _walk(node.children, own or inherited, lookup)
        else:
            yield node, inherited


def propose(
    text: str,
    *,
    assigned_on: dt.date,
    allowed: set[int] | None = None,
    lookup: Callable[..., Organisation | None] | None = None,
) -> list[Proposal]:
    """The proposed tasks of a pasted conclusion (or directive). `assigned_on`: the date the tasks are
    given (urgent follow-up, years left out); `allowed`: the units the tasks may go to (others flagged)."""
    find = lookup or organisation_lookup
    cache: dict[str, Organisation | None] = {}

    def cached(name: str) -> Organisation | None:
        if name not in cache:
            cache[name] = find(name, on=assigned_on)
        return cache[name]

    preamble, roots = _tree(_lines(text))
    inherited = _addressees(" ".join(preamble), cached) or None
    proposals = []
    for position, (node, heading) in enumerate(_walk(_task_nodes(roots), inherited, cached), start=1):
        proposals.append(
            propose_item(
                _flatten(node),
                position=position,
                assigned_on=assigned_on,
                lookup=cached,
                allowed=allowed,
                inherited=heading,
            )
        )
    return proposals


# --- Rows of an appendix table ------------------------------------------------------------------------

_COLUMNS = (
    ("lead", ("chu tri", "co quan thuc hien", "don vi thuc hien")),
    ("coordinating", ("phoi hop",)),
    ("deadline", ("thoi han", "thoi gian")),
    ("text", ("noi dung", "nhiem vu")),
)
_POSITION_HEADERS = ("tt", "stt", "so tt")


def table_columns(header: list[str]) -> dict[str, int] | None:
    """Which column holds what, from the header row; None unless it has a task and a lead column."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = search_key(cell)
        if key in _POSITION_HEADERS:
            columns.setdefault("position", index)
            continue
        for name, words in _COLUMNS:
            if name not in columns and any(word in key for word in words):
                columns[name] = index
                break
    return columns if {"text", "lead"} <= columns.keys() else None


def propose_rows(
    rows: Iterable[list[str]],
    columns: dict[str, int],
    *,
    assigned_on: dt.date,
    allowed: set[int] | None = None,
    lookup: Callable[..., Organisation | None] | None = None,
) -> list[Proposal]:
    """The proposals of an appendix table ("Phụ lục"): one per row with a task (section rows skipped)."""
    find = lookup or organisation_lookup
    proposals: list[Proposal] = []

    def cell(row: list[str], name: str) -> str:
        index = columns.get(name)
        return " ".join(nfc(row[index]).split()) if index is not None and index < len(row) else ""

    for row in rows:
        text = cell(row, "text")
        if not text or not (cell(row, "lead") or cell(row, "deadline")):
            continue  # a section heading row ("I. Lĩnh vực …") or an empty one
        parts = [text.rstrip(".") + "."]
        if cell(row, "lead"):
            parts.append(f"Cơ quan chủ trì: {cell(row, 'lead')}")
        if cell(row, "coordinating"):
            parts.append(f"phối hợp: {cell(row, 'coordinating')}")
        if cell(row, "deadline"):
            parts.append(f"thời hạn: {cell(row, 'deadline')}")
        combined = parts[0] + " " + "; ".join(parts[1:]) + "."
        proposal = propose_item(
            combined,
            position=len(proposals) + 1,
            assigned_on=assigned_on,
            lookup=lambda name: find(name, on=assigned_on),
            allowed=allowed,
        )
        proposal.text = text
        proposal.title = text.rstrip(".")[:TITLE_MAX]
        proposals.append(proposal)
    return proposals


def as_dict(proposal: Proposal) -> dict[str, Any]:
    """A proposal as plain values (the API, the confirmation form)."""

    def mention(m: Mention | None) -> dict[str, Any] | None:
        if m is None:
            return None
        org = m.organisation
        return {"text": m.text, "status": m.status, "organisation": org}

    return {
        "position": proposal.position,
        "title": proposal.title,
        "description": proposal.text,
        "verb": proposal.verb,
        "lead": mention(proposal.lead),
        "coordinating": [mention(m) for m in proposal.coordinating],
        "addressed": proposal.addressed,
        "deadline_wording": proposal.deadline_wording,
        "deadline_kind": proposal.deadline_kind,
        "deadline": proposal.deadline,
        "recurring": proposal.recurring,
        "flags": proposal.flags,
    }
