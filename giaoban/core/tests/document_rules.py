"""A checker of the rules an office applies to an official document before it goes out, read from the DOCX
as a clerk would read the printed page (issue #16). `violations(data, kind=…)` lists every rule broken,
each as "rule: where"; an empty list is a pass.

Two groups of rules:

- the measurable layout of Decree 30/2020/NĐ-CP, Appendix I (and Guidance 36-HD/VPTW for a Party body),
  as tests/test_documents.py checks them one by one on a made-up notice: A4, margins, Times New Roman in
  black, the header, the number and the place and date, the type name, the body's size and spacing, the
  signature, "Nơi nhận";
- the wording and form rules an office would otherwise fix by hand: administrative units in lower case
  inside a sentence, a list joined with one "và", one period vocabulary, the weekday of a date
  capitalised, no demo marker; the minutes' and the invitation's own forms; a report's annex whose
  blanks, zeros and totals say what they mean.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, RGBColor

from giaoban.core.documents import MOTTO, NATIONAL_HEADING, PARTY_HEADING
from giaoban.core.documents.spec import PARTY, RECIPIENTS_LABEL_STYLE, SIZES, STATE

from .test_documents import cell_paragraphs, paragraphs_in, run_font

FONT = "Times New Roman"
KINDS = ("invitation", "conclusion", "minutes", "report")
TYPE_NAMES = {"invitation": "GIẤY MỜI", "conclusion": "THÔNG BÁO", "minutes": "BIÊN BẢN", "report": "BÁO CÁO"}
TYPE_CODES = {"invitation": "GM", "conclusion": "TB", "minutes": "BB", "report": "BC"}

# Decree 30/2020/NĐ-CP, Appendix I, point II.3: "Số: 05/TB-BCĐ" (numbers under 10 with a leading zero);
# Guidance 36-HD/VPTW: "Số 05-TB/BCĐ".
STATE_NUMBER = r"Số: (\d{2,})/{code}-[\wĐ0-9-]+"
PARTY_NUMBER = r"Số (\d{2,})-{code}/[\wĐ0-9-]+"
PLACE_DATE = re.compile(r"^[^,]+, ngày (0[1-9]|[12]\d|3[01]) tháng (0[12]|[3-9]|1[0-2]) năm \d{4}$")

# --- Wording (Decree 30/2020/NĐ-CP, Appendix II, and the office's own review) -----------------------------
ADMINISTRATIVE_MID_SENTENCE = re.compile(
    r"(?<=[\wđ,)”]) (Thành phố|Huyện|Thị xã|Thị trấn|Quận|Xã|Phường) [A-ZĐ]"
)
DEMO_MARKER = re.compile(r"dữ liệu mẫu|\(mẫu\)|\bdemo\b", re.IGNORECASE)
# One "và" per list: two inside one stretch without a comma, semicolon or colon is a list joined twice.
CLAUSE_BREAK = re.compile(r"[,;:.()“”\"]")
# The one period vocabulary (core.vietnamese.period_label): "quý III năm 2017", "6 tháng đầu năm 2017".
OTHER_PERIOD_WORDS = re.compile(
    r"\bquý [1-4]\b|\b0[69] tháng\b|\b(sáu|chín) tháng (đầu|cuối)\b|\b6 tháng (năm|\d)|\bnửa đầu năm\b",
    re.IGNORECASE,
)
# The weekday of a date is a name: "Thứ Tư, ngày 26 tháng 7 năm 2017".
LOWER_WEEKDAY = re.compile(r"\b(thứ|Thứ) (hai|ba|tư|năm|sáu|bảy)(,)? ngày|\bchủ nhật,? ngày")


def violations(data: bytes, *, kind: str) -> list[str]:
    """Every rule the document breaks ("" for none); `kind` one of KINDS."""
    assert kind in KINDS, kind
    document = docx.Document(io.BytesIO(data))
    found: list[str] = []
    found += _page(document)
    found += _fonts(document)
    found += _header(document, kind)
    found += _title(document, kind)
    found += _body(document)
    found += _closing(document, kind)
    found += _wording(document)
    if kind == "invitation":
        found += _invitation(document)
    if kind == "minutes":
        found += _minutes(document)
    if kind == "report":
        found += _annex(document)
    return found


# --- Layout ------------------------------------------------------------------------------------------------


def _mm(length) -> float:
    return length / Mm(1)


def _page(document) -> list[str]:
    """A4 (the annexes' landscape sections too); margins top and bottom 20–25, left 30–35, right 15–20 mm."""
    found = []
    for number, section in enumerate(document.sections, start=1):
        size = sorted((round(_mm(section.page_width)), round(_mm(section.page_height))))
        if size != [210, 297]:
            found.append(f"A4: section {number} is {size} mm")
        if number == 1 and section.orientation != WD_ORIENT.PORTRAIT:
            found.append("A4 portrait: the document's first section is landscape")
        margins = {
            "top": (section.top_margin, 20, 25),
            "bottom": (section.bottom_margin, 20, 25),
            "left": (section.left_margin, 30, 35),
            "right": (section.right_margin, 15, 20),
        }
        if section.orientation == WD_ORIENT.PORTRAIT:
            for name, (value, low, high) in margins.items():
                if not low <= _mm(value) <= high:
                    found.append(
                        f"margin {name} {_mm(value):.0f} mm outside {low}–{high} mm (section {number})"
                    )
    return found


def _fonts(document) -> list[str]:
    """Times New Roman, black, in every run of the body, the tables and the page header."""
    found = []
    section = document.sections[0]
    for container in (document, section.header):
        for paragraph in paragraphs_in(container):
            for run in paragraph.runs:
                if not run.text.strip():
                    continue
                if run_font(run, paragraph) != FONT:
                    found.append(f"font {run_font(run, paragraph)!r}: {paragraph.text[:40]!r}")
                if run.font.color.rgb not in (None, RGBColor(0, 0, 0)):
                    found.append(f"colour {run.font.color.rgb}: {paragraph.text[:40]!r}")
    return found[:5]


def _sizes(paragraph) -> set[float]:
    return {run.font.size.pt for run in paragraph.runs if run.text.strip() and run.font.size is not None}


def _bold(paragraph) -> bool:
    return all(run.font.bold for run in paragraph.runs if run.text.strip())


def _italic(paragraph) -> bool:
    return all(run.font.italic for run in paragraph.runs if run.text.strip())


def _header(document, kind: str) -> list[str]:
    """National heading and motto (or the Party's) top right; number and symbol; place and date, italic."""
    found = []
    table = document.tables[0]
    right = [p.text for p in cell_paragraphs(table.rows[0].cells[1])]
    party = _is_party(document)
    if not party and right[:2] != [NATIONAL_HEADING, MOTTO]:
        found.append(f"national heading and motto top right: {right[:2]}")
    number_text = table.rows[1].cells[0].paragraphs[0].text
    pattern = (PARTY_NUMBER if party else STATE_NUMBER).replace("{code}", TYPE_CODES[kind])
    if not re.fullmatch(pattern, number_text):
        found.append(f"number and symbol (numbered from the committee's series): {number_text!r}")
    (place_date, *_rest) = cell_paragraphs(table.rows[1].cells[1]) or [None]
    if place_date is None or not PLACE_DATE.match(place_date.text):
        found.append(f"place and date: {place_date.text if place_date is not None else ''!r}")
    elif not _italic(place_date) or not _sizes(place_date) <= {13.0, 14.0}:
        found.append("place and date: italic, 13–14 pt")
    return found


def _body_paragraphs(document) -> list:
    return [p for p in document.paragraphs if p.text.strip()]


def _title(document, kind: str) -> list[str]:
    paragraphs = _body_paragraphs(document)
    titles = [p for p in paragraphs if p.text == TYPE_NAMES[kind]]
    if not titles:
        return [f"type name {TYPE_NAMES[kind]!r} missing"]
    title = titles[0]
    summary = paragraphs[paragraphs.index(title) + 1]
    found = []
    for paragraph in (title, summary):
        if not _bold(paragraph) or paragraph.paragraph_format.alignment != WD_ALIGN_PARAGRAPH.CENTER:
            found.append(f"type name and summary centred, bold: {paragraph.text[:40]!r}")
        if not _sizes(paragraph) <= {13.0, 14.0, 15.0, 16.0}:
            found.append(f"type name and summary 13–16 pt: {paragraph.text[:40]!r}")
    return found


def _body(document) -> list[str]:
    """Body text 13–14 pt (14–15 in the Party layout), at least 6 pt between paragraphs, single to 1.5
    lines; text paragraphs justified (Decree 30/2020/NĐ-CP, Appendix I, point II.6)."""
    found = []
    paragraphs = _body_paragraphs(document)
    start = next((i for i, p in enumerate(paragraphs) if p.text in TYPE_NAMES.values()), 0) + 2
    for paragraph in paragraphs[start:]:
        fmt = paragraph.paragraph_format
        where = paragraph.text[:40]
        if not _sizes(paragraph) <= {13.0, 14.0, 15.0} and not paragraph.text.startswith(("PHỤ LỤC", "(Kèm")):
            found.append(f"body 13–14 pt: {where!r} is {sorted(_sizes(paragraph))}")
        if fmt.space_after is not None and fmt.space_after.pt < 6 and len(paragraph.text) > 80:
            found.append(f"6 pt after a paragraph: {where!r}")
        if (
            fmt.line_spacing is not None
            and isinstance(fmt.line_spacing, float)
            and not 1 <= fmt.line_spacing <= 1.5
        ):
            found.append(f"line spacing 1–1.5: {where!r}")
        if len(paragraph.text) > 120 and fmt.alignment not in (WD_ALIGN_PARAGRAPH.JUSTIFY, None):
            found.append(f"body justified: {where!r}")
    return found[:5]


def closing_table(document):
    """The "Nơi nhận" | signature table (a report's annex tables come after it)."""
    for table in document.tables[1:]:
        texts = [p.text for row in table.rows for cell in row.cells for p in cell.paragraphs]
        if "Nơi nhận:" in texts:
            return table
    return None


def _is_party(document) -> bool:
    return PARTY_HEADING in [p.text for p in cell_paragraphs(document.tables[0].rows[0].cells[1])]


def _label_styled(label, style: dict[str, bool]) -> bool:
    runs = [run for run in label.runs if run.text.strip()]
    return all(all(bool(getattr(run.font, name)) == wanted for name, wanted in style.items()) for run in runs)


def _closing(document, kind: str) -> list[str]:
    """The signature: capitals bold, the name bold after room for signature and seal; "Nơi nhận:" 12 pt
    bold italic, each line 11 pt "- …;", the last "- Lưu: VT, …." (Decree 30/2020/NĐ-CP, points II.7, II.9);
    in a Party document "Nơi nhận:" 14 pt underlined and its lines 12 pt (Guidance 36-HD/VPTW)."""
    layout = PARTY if _is_party(document) else STATE
    sizes, style = SIZES[layout], RECIPIENTS_LABEL_STYLE[layout]
    table = closing_table(document)
    if table is None:
        return ["closing: no signature and “Nơi nhận” block"]
    found = []
    signature = cell_paragraphs(table.rows[0].cells[1])
    if len(signature) < 2 or not all(_bold(p) for p in signature):
        found.append(f"signature block in bold: {[p.text for p in signature]}")
    recipients_cell = next(
        cell
        for row in table.rows
        for cell in row.cells
        if any(p.text == "Nơi nhận:" for p in cell.paragraphs)
    )
    label, *lines = cell_paragraphs(recipients_cell)
    if (
        label.text != "Nơi nhận:"
        or not _label_styled(label, style)
        or _sizes(label) != {float(sizes.recipients_label)}
    ):
        found.append(f"“Nơi nhận:” {sizes.recipients_label:g} pt {', '.join(style)}")
    if not lines:
        return [*found, "“Nơi nhận”: no recipient"]
    if any(_sizes(line) != {float(sizes.recipients)} for line in lines):
        found.append(f"“Nơi nhận” lines {sizes.recipients:g} pt")
    if not all(line.text.startswith("- ") and line.text.endswith(";") for line in lines[:-1]):
        found.append(f"“Nơi nhận” lines “- …;”: {[line.text for line in lines]}")
    last = lines[-1].text
    if not re.fullmatch(r"- Lưu: VT(, [^.]+)?\.", last):
        found.append(f"“Nơi nhận” ends “- Lưu: VT, ….”: {last!r}")
    return found


# --- Wording -----------------------------------------------------------------------------------------------


def texts(document) -> Iterator[str]:
    for paragraph in paragraphs_in(document):
        if paragraph.text.strip():
            yield paragraph.text


def _wording(document) -> list[str]:
    found = []
    for text in texts(document):
        if DEMO_MARKER.search(text):
            found.append(f"demo marker in an official text: {text[:60]!r}")
        for match in ADMINISTRATIVE_MID_SENTENCE.finditer(text):
            found.append(
                f"administrative unit in lower case mid-sentence: {text[max(0, match.start() - 20) : match.end() + 15]!r}"
            )
        for clause in CLAUSE_BREAK.split(text):
            if len(re.findall(r"\bvà\b", clause)) > 1:
                found.append(f"list joined once with “và”: {clause.strip()[:80]!r}")
        match = OTHER_PERIOD_WORDS.search(text)
        if match:
            found.append(
                f"period vocabulary (“6 tháng đầu năm 2017”, “quý III năm 2017”): {match.group(0)!r}"
            )
        match = LOWER_WEEKDAY.search(text)
        if match:
            found.append(f"weekday capitalised (“Thứ Tư, ngày …”): {match.group(0)!r}")
    return found


# --- The forms of the invitation and the minutes -----------------------------------------------------------


def _lead_lines(document) -> list[str]:
    return [p.text for p in _body_paragraphs(document)]


def _invitation(document) -> list[str]:
    """ "Trân trọng kính mời:", whom, to what; the time with its weekday, the place, the content with its
    presenters and clock times; no durations (an invitation is not the internal programme)."""
    lines = _lead_lines(document)
    found = []
    if not any(line.startswith("Trân trọng kính mời") for line in lines):
        found.append("invitation: “Trân trọng kính mời …”")
    if not any(
        re.match(r"^Thời gian: \d{2} giờ \d{2} phút, (Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ nhật), ngày", line)
        for line in lines
    ):
        found.append("invitation: “Thời gian: 08 giờ 00 phút, Thứ Tư, ngày …”")
    if not any(line.startswith("Địa điểm: ") for line in lines):
        found.append("invitation: “Địa điểm: …”")
    if any("Thời lượng" in line or re.search(r"\b\d+ phút\.$", line) for line in lines):
        found.append("invitation: planned timings belong to the internal programme")
    return found


def _minutes(document) -> list[str]:
    """Time, place, chair, secretary, attendance, content, conclusions; THƯ KÝ signs left and CHỦ TRÌ
    right, "Nơi nhận" under them ending with the drafting unit."""
    lines = [p.text for p in paragraphs_in(document) if p.text.strip()]
    found = []
    for lead in ("Thời gian bắt đầu: ", "Địa điểm: ", "Chủ trì: ", "Thư ký: ", "Thành phần tham dự:"):
        if not any(line.startswith(lead) for line in lines):
            found.append(f"minutes: “{lead.strip()}” missing")
    if not any("KẾT LUẬN" in line for line in lines):
        found.append("minutes: the conclusions")
    if any("Thời lượng" in line for line in lines):
        found.append("minutes: the content as recorded, not the planned timings")
    if not any(re.match(r"^(Cuộc họp|Hội nghị).* kết thúc (lúc|vào)", line) for line in lines):
        found.append("minutes: the time the meeting ended")
    table = closing_table(document)
    if table is not None:
        left = [p.text for p in cell_paragraphs(table.rows[0].cells[0])]
        right = [p.text for p in cell_paragraphs(table.rows[0].cells[1])]
        if not left or left[0] != "THƯ KÝ" or len(left) < 2:
            found.append(f"minutes: THƯ KÝ signs left: {left}")
        if not right or right[0] != "CHỦ TRÌ" or len(right) < 2:
            found.append(f"minutes: CHỦ TRÌ signs right: {right}")
        recipients = [p.text for row in table.rows for c in row.cells for p in cell_paragraphs(c)]
        if not any(re.fullmatch(r"- Lưu: VT, .+\.", text) for text in recipients):
            found.append("minutes: “Nơi nhận” keeps a copy with the drafting unit (“- Lưu: VT, …”)")
    return found


# --- A report's annex -------------------------------------------------------------------------------------


def _number(text: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        return float(text.replace(".", "").replace(",", "."))
    except ValueError:
        return None


def _annex(document) -> list[str]:
    """Biểu 02: a column of distinct places says its total is not a sum; a computed column has no blank;
    a blank cell is explained; every total equals the sum of its rows or a note names the column."""
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "TT"]
    notes = " ".join(p.text for p in document.paragraphs if p.text.startswith("- ") or p.text == "Ghi chú:")
    found = []
    for table in tables[1:]:  # Biểu 01 is one total per row; Biểu 02 has the units
        header = [cell.text for cell in table.rows[0].cells]
        rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
        if not rows or rows[-1][1] != "Tổng cộng":
            continue
        body, total = rows[:-1], rows[-1]
        for column in range(2, len(header)):
            name = re.sub(r"\s*\([^)]*\)$", "", header[column])
            values = [_number(row[column]) for row in body]
            noted = f"Cột “{name}”" in notes
            if "quốc gia" in name.lower() and not noted:
                found.append(f"annex: “{name}” counts places once: its total is no sum and must say so")
            if any(value is None for value in values) and "Ô để trống" not in notes and not noted:
                found.append(f"annex: a blank in “{name}” is not explained")
            shown = sum(value for value in values if value is not None)
            expected = _number(total[column])
            if expected is not None and abs(shown - expected) > 1e-6 and not noted:
                found.append(f"annex: “{name}” totals {expected:g}, its rows {shown:g}, and no note says why")
    return found
