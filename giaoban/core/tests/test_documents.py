"""Official documents: the number line, and DOCX/PDF files parsed back against Decree 30/2020/NĐ-CP,
Appendix I (state layout) and Guidance 36-HD/VPTW (Party layout)."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import unicodedata
from concurrent.futures import ThreadPoolExecutor

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from giaoban.core.documents import (
    MOTTO,
    NATIONAL_HEADING,
    PARTY_HEADING,
    Annex,
    Heading,
    LibreOfficeMissing,
    NumberedItem,
    OfficialDocument,
    Paragraph,
    PdfConversionError,
    Signature,
    Table,
    document_filename,
    document_number_line,
    pdf_available,
    place_date_line,
    recipient_lines,
    render_docx,
    render_pdf,
)
from giaoban.core.documents import pdf as pdf_module
from giaoban.core.documents.layout import text_width_mm
from giaoban.core.testing import needs_libreoffice
from giaoban.core.vietnamese import format_number

FONT = "Times New Roman"
STATE_NUMBER = re.compile(r"^Số: \d{2,}/TB-BCĐ$")
PLACE_DATE = "Lạng Sơn, ngày 26 tháng 7 năm 2017"

TASKS = [
    ("Tiếp tục bám sát chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước về công tác "
     "thông tin đối ngoại; trên cơ sở đó chỉ đạo, định hướng tuyên truyền cho phù hợp.", "Các thành viên Ban Chỉ đạo", "Thường xuyên"),
    ("Tổ chức tập huấn, bồi dưỡng nghiệp vụ cho đội ngũ cán bộ lãnh đạo và người phát ngôn của các sở, "
     "ban, ngành, các huyện, thành phố.", "Sở Thông tin và Truyền thông", "Quý IV năm 2017"),
    ("Đổi mới nội dung, phương thức hoạt động thông tin, tuyên truyền đối ngoại.", "Ban Tuyên giáo Tỉnh ủy", "Thường xuyên"),
    ("Nâng cao chất lượng tham mưu, chỉ đạo, định hướng đối với các vấn đề quan trọng, phức tạp nảy sinh "
     "trên địa bàn.", "Sở Ngoại vụ", "Thường xuyên"),
    ("Quản lý chặt chẽ các đoàn ra, đoàn vào; báo cáo kết quả sau chuyến công tác đúng thời hạn.", "Sở Ngoại vụ", "Thường xuyên"),
    ("Tăng cường quản lý, sử dụng Internet và các trang mạng xã hội.", "Sở Thông tin và Truyền thông", "Thường xuyên"),
    ("Tuyên truyền về biên giới, cửa khẩu và hợp tác với các địa phương của Trung Quốc.", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "Thường xuyên"),
    ("Xây dựng chuyên mục thông tin đối ngoại trên Báo Lạng Sơn và Đài Phát thanh - Truyền hình tỉnh.", "Báo Lạng Sơn", "30/9/2017"),
    ("Cung cấp thông tin định kỳ cho báo chí; tổ chức họp báo ít nhất 3 tháng một lần.", "Văn phòng UBND tỉnh", "Thường xuyên"),
    ("Biên soạn tài liệu giới thiệu về tỉnh bằng tiếng Anh và tiếng Trung.", "Sở Văn hóa, Thể thao và Du lịch", "31/12/2017"),
    ("Kiện toàn Ban Chỉ đạo công tác thông tin đối ngoại cấp huyện.", "Ủy ban nhân dân các huyện, thành phố", "30/10/2017"),
    ("Đấu tranh ngăn chặn sự xâm nhập trái phép của các sản phẩm văn hóa độc hại.", "Công an tỉnh", "Thường xuyên"),
    ("Tổng hợp, báo cáo kết quả thực hiện các nhiệm vụ trên tại hội nghị giao ban năm 2017.", "Sở Ngoại vụ", "15/12/2017"),
]  # fmt: skip


def conclusion_notice(**changes) -> OfficialDocument:
    """The demo world's conclusion notice of the briefing of 26/7/2017 (tasks partly invented)."""
    body = [
        Paragraph(
            "Sáng ngày 26 tháng 7 năm 2017, Ban Chỉ đạo công tác thông tin đối ngoại tỉnh tổ chức hội nghị "
            "giao ban 6 tháng đầu năm 2017. Sau khi nghe báo cáo kết quả công tác 6 tháng đầu năm và ý kiến "
            "của các đại biểu, đồng chí Hoàng Văn Nghiệm, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND "
            "tỉnh, Trưởng Ban Chỉ đạo kết luận như sau:"
        ),
        Heading("I. ĐÁNH GIÁ KẾT QUẢ 6 THÁNG ĐẦU NĂM 2017"),
        Paragraph(
            "Công tác thông tin đối ngoại tiếp tục được các cấp ủy đảng, chính quyền từ tỉnh đến cơ sở quan "
            "tâm lãnh đạo, đạt nhiều kết quả quan trọng. Các cơ quan, đơn vị cử 29 đoàn đi công tác tại 12 "
            "quốc gia, vùng lãnh thổ; đón tiếp 32 đoàn đến từ 9 quốc gia và vùng lãnh thổ."
        ),
        Paragraph(
            "Tuy nhiên, việc quản lý, sử dụng Internet, các trang mạng xã hội còn hạn chế.",
            lead="Hạn chế: ",
        ),
        Heading("II. NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2017"),
        *[
            NumberedItem(i, text, details=[f"Cơ quan chủ trì: {lead}; thời hạn: {deadline}."])
            for i, (text, lead, deadline) in enumerate(TASKS, start=1)
        ],
        Paragraph("Ban Chỉ đạo thông báo để các cơ quan, đơn vị biết, thực hiện./."),
    ]
    values = {
        "layout": "state",
        "parent_body": "UBND TỈNH LẠNG SƠN",
        "issuer": "BAN CHỈ ĐẠO CÔNG TÁC THÔNG TIN ĐỐI NGOẠI",
        "number": 5,
        "type_code": "TB",
        "issuer_code": "BCĐ",
        "place": "Lạng Sơn",
        "date": dt.date(2017, 7, 26),
        "type_name": "THÔNG BÁO",
        "summary": "Kết luận của Trưởng Ban Chỉ đạo tại hội nghị giao ban 6 tháng đầu năm 2017",
        "body": body,
        "signature": Signature(
            prefix="TM.", authority="Ban Chỉ đạo", title="Trưởng ban", name="Hoàng Văn Nghiệm"
        ),
        "recipients": ["Như trên", "Thường trực Tỉnh ủy", "Thường trực HĐND, UBND tỉnh", "Lưu: VT"],
    }
    values.update(changes)
    return OfficialDocument(**values)


def party_notice(**changes) -> OfficialDocument:
    values = {
        "layout": "party",
        "parent_body": "TỈNH ỦY LẠNG SƠN",
        "issuer": "BAN CHỈ ĐẠO 94",
        "number": 5,
        "type_code": "TB",
        "issuer_code": "BCĐ",
        "place": "Lạng Sơn",
        "date": dt.date(2017, 7, 26),
        "type_name": "THÔNG BÁO",
        "summary": "kết luận của Trưởng Ban Chỉ đạo tại hội nghị giao ban 6 tháng đầu năm 2017",
        "body": [
            Paragraph("Ban Chỉ đạo thông báo kết luận như sau:"),
            NumberedItem(1, "Thực hiện tốt các nhiệm vụ."),
        ],
        "signature": Signature(
            prefix="KT.", authority="Trưởng ban", title="Phó Trưởng ban", name="Nông Thị Hạnh", note="(Đã ký)"
        ),
        "recipients": ["Thường trực Tỉnh ủy (để b/c)", "Lưu Văn phòng Tỉnh ủy"],
    }
    values.update(changes)
    return OfficialDocument(**values)


# --- Parsing helpers -----------------------------------------------------------------------------


def parse(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def paragraphs_in(container):
    """Every paragraph of a document, header or cell, tables included, in order."""
    if isinstance(container, docx.document.Document):
        container = container._body
    for element in container._element.iterchildren():
        if element.tag == qn("w:p"):
            yield docx.text.paragraph.Paragraph(element, container)
        elif element.tag == qn("w:tbl"):
            table = docx.table.Table(element, container)
            for row in table.rows:
                for cell in row.cells:
                    yield from paragraphs_in(cell)


def header_table(document):
    return document.tables[0]


def closing_table(document):
    return document.tables[-1]


def cell_paragraphs(cell):
    return [p for p in cell.paragraphs if p.text.strip()]


def size(paragraph) -> float:
    sizes = {run.font.size.pt for run in paragraph.runs if run.text.strip()}
    assert len(sizes) == 1, f"{paragraph.text!r} mixes sizes {sizes}"
    return sizes.pop()


def all_runs(paragraph, attribute: str) -> bool:
    return all(getattr(run.font, attribute) for run in paragraph.runs if run.text.strip())


def run_font(run, paragraph) -> str | None:
    """The run's font, or the one its paragraph style (and that style's bases) gives it."""
    if run.font.name:
        return run.font.name
    style = paragraph.style
    while style is not None:
        if style.font.name:
            return style.font.name
        style = style.base_style
    return None


def rule_width_mm(paragraph, column_mm: float) -> float:
    """Length of a rule drawn as the bottom border of an indented empty paragraph."""
    borders = paragraph._p.pPr.find(qn("w:pBdr"))
    assert borders is not None and borders.find(qn("w:bottom")) is not None, "no rule"
    fmt = paragraph.paragraph_format
    return column_mm - (fmt.left_indent or 0) / Mm(1) - (fmt.right_indent or 0) / Mm(1)


def following(paragraphs, text: str):
    """The paragraph right after the one that reads `text`."""
    index = next(i for i, p in enumerate(paragraphs) if p.text == text)
    return paragraphs[index + 1]


def body_paragraphs(document):
    return [p for p in document.paragraphs if p.text.strip()]


@pytest.fixture(scope="module")
def state_docx() -> bytes:
    return render_docx(conclusion_notice())


@pytest.fixture(scope="module")
def state(state_docx):
    return parse(state_docx)


@pytest.fixture(scope="module")
def party():
    return parse(render_docx(party_notice()))


# --- Rules independent of the file ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("layout", "number", "type_code", "issuer_code", "expected"),
    [
        ("state", 5, "TB", "BCĐ", "Số: 05/TB-BCĐ"),  # leading zero under 10
        ("state", 12, "BC", "BCĐ", "Số: 12/BC-BCĐ"),
        ("state", 1234, "GM", "BCĐ", "Số: 1234/GM-BCĐ"),
        ("state", 5, "", "BCĐ-VP", "Số: 05/BCĐ-VP"),  # công văn: no type code
        ("party", 5, "TB", "BCĐ", "Số 05-TB/BCĐ"),
        ("party", 36, "HD", "VPTW", "Số 36-HD/VPTW"),
        ("party", 7, "", "TU", "Số 07-CV/TU"),  # a Party công văn
    ],
)
def test_document_number_line(layout, number, type_code, issuer_code, expected):
    """Decree 30 writes "Số: 05/TB-BCĐ"; Guidance 36-HD/VPTW writes "Số 05-TB/BCĐ"."""
    assert document_number_line(layout, number, type_code, issuer_code) == expected


def test_document_number_line_of_a_draft_leaves_the_number_blank():
    """An unregistered document shows a blank for the clerk to fill in."""
    line = document_number_line("state", None, "TB", "BCĐ")
    assert re.fullmatch(r"Số:\s{4,}/TB-BCĐ", line)
    assert re.fullmatch(r"Số\s{4,}-TB/BCĐ", document_number_line("party", None, "TB", "BCĐ"))


def test_document_number_line_rejects_an_unknown_layout():
    with pytest.raises(ValueError):
        document_number_line("company", 5, "TB", "BCĐ")
    with pytest.raises(ValueError):
        conclusion_notice(layout="company")
    with pytest.raises(ValueError):
        conclusion_notice(number=0)


def test_place_date_line_pads_days_under_ten_and_months_one_and_two():
    assert place_date_line("Lạng Sơn", dt.date(2017, 7, 26)) == PLACE_DATE
    assert place_date_line("Lạng Sơn", dt.date(2020, 1, 5)) == "Lạng Sơn, ngày 05 tháng 01 năm 2020"
    assert place_date_line("Lạng Sơn", dt.date(2020, 3, 5)) == "Lạng Sơn, ngày 05 tháng 3 năm 2020"
    assert re.fullmatch(r"Lạng Sơn, ngày\s+tháng\s+năm \d{4}", place_date_line("Lạng Sơn", None))


def test_recipient_lines_end_with_semicolons_and_a_full_stop():
    lines = recipient_lines(["Như trên;", "- Thường trực Tỉnh ủy", " ", "Lưu: VT."])
    assert lines == ["- Như trên;", "- Thường trực Tỉnh ủy;", "- Lưu: VT."]
    assert recipient_lines([]) == []


def test_signature_lines_by_layout():
    """Decree 30 writes "TM.", "KT."; Party documents write "T/M", "K/T"."""
    signature = Signature(prefix="KT.", authority="Trưởng ban", title="Phó Trưởng ban", name="Nông Thị Hạnh")
    assert signature.lines("state") == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]
    assert signature.lines("party") == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]
    assert Signature(title="Trưởng ban", name="A").lines() == ["TRƯỞNG BAN"]
    with pytest.raises(ValueError):
        Signature(prefix="T.M", title="Trưởng ban", name="A")


def test_document_filename_is_ascii():
    assert document_filename(conclusion_notice(), "docx") == "thong-bao-05-tb-bcd-2017-07-26.docx"
    assert (
        document_filename(conclusion_notice(number=None, date=None), ".pdf") == "thong-bao-du-thao-tb-bcd.pdf"
    )


def test_table_rejects_rows_of_the_wrong_width():
    with pytest.raises(ValueError):
        Table(header=["TT", "Đơn vị"], rows=[[1, "Sở Ngoại vụ", "x"]])
    with pytest.raises(ValueError):
        Table(header=["TT", "Đơn vị"], rows=[], widths_mm=[10])


# --- DOCX, state layout (Decree 30/2020/NĐ-CP, Appendix I) -------------------------------------


def test_page_is_a4_portrait_with_margins_in_range(state):
    section = state.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert round(section.page_width / Mm(1)) == 210
    assert round(section.page_height / Mm(1)) == 297
    assert 20 <= section.top_margin / Mm(1) <= 25
    assert 20 <= section.bottom_margin / Mm(1) <= 25
    assert 30 <= section.left_margin / Mm(1) <= 35
    assert 15 <= section.right_margin / Mm(1) <= 20


def test_every_run_is_black_times_new_roman_in_every_script(state):
    """Latin, East Asian and complex-script slots all name Times New Roman, so Word never falls back."""
    section = state.sections[0]
    containers = [state, section.header, section.first_page_header, section.footer]
    runs = 0
    for container in containers:
        for paragraph in paragraphs_in(container):
            for run in paragraph.runs:
                runs += 1
                assert run_font(run, paragraph) == FONT, paragraph.text
                fonts = run._r.rPr.rFonts
                for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                    assert fonts.get(qn(slot)) == FONT
                assert run.font.color.rgb in (None, docx.shared.RGBColor(0, 0, 0))
    assert runs > 50
    # The defaults name the font too, without the theme fonts (Calibri) that would override it.
    defaults = state.styles.element.find(qn("w:docDefaults")).find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = defaults.find(qn("w:rFonts"))
    assert {fonts.get(qn(slot)) for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")} == {FONT}
    assert not [name for name in fonts.attrib if "heme" in name]
    assert state.styles["Normal"].font.name == FONT


def test_body_is_13_to_14_pt_justified_indented_and_spaced(state):
    paragraphs = body_paragraphs(state)
    start = next(i for i, p in enumerate(paragraphs) if p.text.startswith("Sáng ngày 26"))
    body = paragraphs[start:]
    assert len(body) > 20
    for paragraph in body:
        fmt = paragraph.paragraph_format
        assert 13 <= size(paragraph) <= 14, paragraph.text
        assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert 10 <= fmt.first_line_indent / Mm(1) <= 12.7
        assert fmt.space_after.pt >= 6
        assert 1 <= fmt.line_spacing <= 1.5


def test_national_heading_and_motto_top_right(state):
    right = cell_paragraphs(header_table(state).rows[0].cells[1])
    heading, motto = right[0], right[1]
    assert heading.text == NATIONAL_HEADING == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert heading.text.isupper() and all_runs(heading, "bold") and 12 <= size(heading) <= 13
    assert heading.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert motto.text == MOTTO == "Độc lập - Tự do - Hạnh phúc"
    assert all_runs(motto, "bold") and 13 <= size(motto) <= 14
    # The rule under the motto is as long as the motto.
    cell = header_table(state).rows[0].cells[1]
    rule = following(cell.paragraphs, MOTTO)
    column = cell.width / Mm(1) - 2 * 1.9
    assert rule_width_mm(rule, column) == pytest.approx(text_width_mm(MOTTO, size(motto), bold=True), abs=1)


def test_issuer_top_left_with_a_short_rule(state):
    cell = header_table(state).rows[0].cells[0]
    parent, issuer = cell_paragraphs(cell)
    assert parent.text == "UBND TỈNH LẠNG SƠN"
    assert not any(run.font.bold for run in parent.runs) and 12 <= size(parent) <= 13
    assert issuer.text == "BAN CHỈ ĐẠO CÔNG TÁC THÔNG TIN ĐỐI NGOẠI"
    assert all_runs(issuer, "bold") and 12 <= size(issuer) <= 13
    rule = cell.paragraphs[-1]
    column = cell.width / Mm(1) - 2 * 1.9
    # The name wraps after "CÔNG TÁC" in its column; the rule is 1/3–1/2 of that line.
    line = text_width_mm("BAN CHỈ ĐẠO CÔNG TÁC", size(issuer), bold=True)
    assert line / 3 <= rule_width_mm(rule, column) <= line / 2


def test_number_and_place_date_share_a_row(state):
    number_cell, date_cell = header_table(state).rows[1].cells
    (number,) = cell_paragraphs(number_cell)
    (place_date,) = cell_paragraphs(date_cell)
    assert STATE_NUMBER.match(number.text) and number.text == "Số: 05/TB-BCĐ"
    assert size(number) == 13
    assert place_date.text == PLACE_DATE
    assert all_runs(place_date, "italic") and 13 <= size(place_date) <= 14
    assert header_table(state).rows[0].cells[1].width > header_table(state).rows[0].cells[0].width


def test_type_name_and_summary_centred_bold(state):
    paragraphs = body_paragraphs(state)
    type_name = next(p for p in paragraphs if p.text == "THÔNG BÁO")
    summary = paragraphs[paragraphs.index(type_name) + 1]
    assert summary.text == "Kết luận của Trưởng Ban Chỉ đạo tại hội nghị giao ban 6 tháng đầu năm 2017"
    for paragraph in (type_name, summary):
        assert paragraph.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all_runs(paragraph, "bold") and 13 <= size(paragraph) <= 14
    rule = following(state.paragraphs, summary.text)
    width = rule_width_mm(rule, 165)
    assert text_width_mm(summary.text, 14, bold=True) / 3 - 1 <= width <= 165 / 2


def test_thirteen_numbered_tasks(state):
    numbered = [p.text for p in body_paragraphs(state) if re.match(r"^\d+\. ", p.text)]
    assert [int(text.split(".")[0]) for text in numbered] == list(range(1, 14))
    assert numbered[0].startswith("1. Tiếp tục bám sát chủ trương")
    assert sum(1 for p in body_paragraphs(state) if p.text.startswith("- Cơ quan chủ trì: ")) == 13


def test_headings_are_bold_with_an_outline_level(state):
    heading = next(p for p in state.paragraphs if p.text.startswith("II. NHIỆM VỤ"))
    assert all_runs(heading, "bold") and heading.paragraph_format.keep_with_next
    assert heading._p.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "0"
    lead = next(p for p in state.paragraphs if p.text.startswith("Hạn chế: "))
    assert lead.runs[0].font.bold and not lead.runs[-1].font.bold


def test_signature_block_on_the_right(state):
    cell = closing_table(state).rows[0].cells[1]
    lines = cell_paragraphs(cell)
    assert [p.text for p in lines] == ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", "Hoàng Văn Nghiệm"]
    for paragraph in lines:
        assert all_runs(paragraph, "bold") and 13 <= size(paragraph) <= 14
        assert paragraph.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert lines[-1].paragraph_format.space_before.pt >= 48  # room for signature and seal
    assert closing_table(state).rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


def test_recipients_flush_left_beside_the_signature(state):
    lines = cell_paragraphs(closing_table(state).rows[0].cells[0])
    label, items = lines[0], lines[1:]
    assert label.text == "Nơi nhận:"
    assert all_runs(label, "bold") and all_runs(label, "italic") and size(label) == 12
    assert label.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert [p.text for p in items] == [
        "- Như trên;",
        "- Thường trực Tỉnh ủy;",
        "- Thường trực HĐND, UBND tỉnh;",
        "- Lưu: VT.",
    ]
    assert all(size(p) == 11 and not any(r.font.bold for r in p.runs) for p in items)


def test_header_and_closing_tables_have_no_borders(state):
    for table in (header_table(state), closing_table(state)):
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}


def test_page_numbers_from_page_two_centred_in_the_top_margin(state):
    section = state.sections[0]
    assert section.different_first_page_header_footer
    header = section.header.paragraphs[0]
    assert "PAGE" in "".join(t.text for t in header._p.iter(qn("w:instrText")))
    assert header.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(13 <= run.font.size.pt <= 14 for run in header.runs)
    assert not list(section.first_page_header._element.iter(qn("w:instrText")))
    assert section.header_distance < section.top_margin


def test_file_properties_name_the_document(state):
    assert state.core_properties.title.startswith("THÔNG BÁO Kết luận")
    assert state.core_properties.author == "BAN CHỈ ĐẠO CÔNG TÁC THÔNG TIN ĐỐI NGOẠI"


def test_text_is_stored_composed(state_docx):
    """NFC text: a decomposed "ệ" would render as two glyphs in some fonts."""
    text = "\n".join(p.text for p in paragraphs_in(parse(state_docx)))
    assert unicodedata.is_normalized("NFC", text)


def test_draft_leaves_number_and_day_blank():
    document = parse(render_docx(conclusion_notice(number=None, date=None)))
    number_cell, date_cell = header_table(document).rows[1].cells
    assert re.fullmatch(r"Số:\s{4,}/TB-BCĐ", number_cell.paragraphs[0].text)
    assert re.fullmatch(r"Lạng Sơn, ngày\s+tháng\s+năm \d{4}", date_cell.paragraphs[0].text)


def test_letter_has_its_summary_under_the_number_and_addressees():
    """A công văn: no type name; "V/v …" under "Số: 05/BCĐ-VP"; "Kính gửi: …"."""
    letter = conclusion_notice(
        type_code="",
        issuer_code="BCĐ-VP",
        type_name="",
        summary="đôn đốc báo cáo 6 tháng đầu năm 2017",
        addressees=["Các thành viên Ban Chỉ đạo", "Ủy ban nhân dân các huyện, thành phố"],
    )
    document = parse(render_docx(letter))
    number_cell = header_table(document).rows[1].cells[0]
    assert [p.text for p in cell_paragraphs(number_cell)] == [
        "Số: 05/BCĐ-VP",
        "V/v đôn đốc báo cáo 6 tháng đầu năm 2017",
    ]
    assert size(cell_paragraphs(number_cell)[1]) == 12
    texts = [p.text for p in body_paragraphs(document)]
    assert "THÔNG BÁO" not in texts
    start = texts.index("Kính gửi:")
    assert texts[start + 1 : start + 3] == [
        "- Các thành viên Ban Chỉ đạo;",
        "- Ủy ban nhân dân các huyện, thành phố.",
    ]
    single = parse(render_docx(conclusion_notice(addressees=["Sở Ngoại vụ"])))
    assert "Kính gửi: Sở Ngoại vụ." in [p.text for p in single.paragraphs]


def test_annex_table_in_a_landscape_section():
    """An annex form: own section, landscape, header row repeated, numbers with "." thousands."""
    annex = Annex(
        number="I",
        title="Số liệu đoàn ra, đoàn vào 6 tháng đầu năm 2017",
        landscape=True,
        blocks=[
            Table(
                header=["TT", "Đơn vị", "Đoàn ra", "Đoàn vào"],
                rows=[
                    [1, "Sở Ngoại vụ", 12, 20],
                    [2, "Thành phố Lạng Sơn", 1200, 12],
                    [None, "Tổng cộng", 1212, 32],
                ],
                widths_mm=[10, 60, 25, 25],
                align=["center", "left", "right", "right"],
                total_row=True,
            )
        ],
    )
    report = conclusion_notice(type_code="BC", type_name="BÁO CÁO", summary="Sơ kết 6 tháng", annexes=[annex])
    document = parse(render_docx(report))
    assert len(document.sections) == 2
    section = document.sections[1]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert round(section.page_width / Mm(1)) == 297 and round(section.page_height / Mm(1)) == 210
    assert not section.different_first_page_header_footer  # numbering goes on
    texts = [p.text for p in document.paragraphs]
    assert "PHỤ LỤC I" in texts and "SỐ LIỆU ĐOÀN RA, ĐOÀN VÀO 6 THÁNG ĐẦU NĂM 2017" in texts
    assert "(Kèm theo Báo cáo số 05/BC-BCĐ ngày 26 tháng 7 năm 2017)" in texts
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "TT")
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in table.rows[2].cells] == ["2", "Thành phố Lạng Sơn", "1.200", "12"]
    assert table.rows[3].cells[2].paragraphs[0].runs[0].font.bold  # the total row
    assert table.rows[1].cells[2].paragraphs[0].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # Cell text takes Times New Roman from its paragraph style.
    cell_paragraph = table.rows[2].cells[1].paragraphs[0]
    assert run_font(cell_paragraph.runs[0], cell_paragraph) == FONT
    assert cell_paragraph.style.font.size.pt == 12
    widths = [cell.width / Mm(1) for cell in table.rows[0].cells]
    assert sum(widths) == pytest.approx(297 - 30 - 15, abs=0.5)
    assert widths[1] == pytest.approx(2.4 * widths[2], rel=0.01)


def test_large_table_keeps_every_row_and_vietnamese_number_format():
    """A per-unit annex of hundreds of rows; integers written as format_number writes them."""
    values = [0, 7, 999, 1000, -1234, 1234567]
    rows = [[i, f"Đơn vị {i}", values[i % len(values)]] for i in range(1, 601)]
    report = conclusion_notice(body=[Table(header=["TT", "Đơn vị", "Số liệu"], rows=rows)])
    (table,) = [t for t in parse(render_docx(report)).tables if t.rows[0].cells[0].text == "TT"]
    assert len(table.rows) == 601
    assert [table.rows[i].cells[2].text for i in range(1, 7)] == [
        format_number(values[i % len(values)]) for i in range(1, 7)
    ]


# --- DOCX, Party layout (Guidance 36-HD/VPTW) ----------------------------------------------------


def test_party_heading_underlined_top_right(party):
    (heading,) = cell_paragraphs(header_table(party).rows[0].cells[1])
    assert heading.text == PARTY_HEADING == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert all_runs(heading, "bold") and all_runs(heading, "underline")
    assert size(heading) == 15
    texts = [p.text for p in paragraphs_in(party)]
    assert NATIONAL_HEADING not in texts and MOTTO not in texts


def test_party_issuer_with_an_asterisk_and_number_without_colon(party):
    left = [p.text for p in cell_paragraphs(header_table(party).rows[0].cells[0])]
    assert left == ["TỈNH ỦY LẠNG SƠN", "BAN CHỈ ĐẠO 94", "*"]
    number_cell, date_cell = header_table(party).rows[1].cells
    assert number_cell.paragraphs[0].text == "Số 05-TB/BCĐ"
    assert date_cell.paragraphs[0].text == PLACE_DATE
    assert all_runs(date_cell.paragraphs[0], "italic")


def test_party_signature_uses_slash_prefixes(party):
    lines = [p.text for p in cell_paragraphs(closing_table(party).rows[0].cells[1])]
    assert lines == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "(Đã ký)", "Nông Thị Hạnh"]


def test_party_body_and_title_sizes(party):
    type_name = next(p for p in party.paragraphs if p.text == "THÔNG BÁO")
    assert 15 <= size(type_name) <= 16
    body = next(p for p in party.paragraphs if p.text.startswith("Ban Chỉ đạo thông báo"))
    assert 14 <= size(body) <= 15


# --- PDF -----------------------------------------------------------------------------------------


def run_tool(name: str, *args: str) -> str:
    return subprocess.run([name, *args], check=True, capture_output=True, text=True, timeout=60).stdout


@pytest.fixture(scope="module")
def state_pdf(state_docx, tmp_path_factory) -> bytes:
    data = render_pdf(state_docx)
    path = tmp_path_factory.mktemp("pdf") / "thong-bao.pdf"
    path.write_bytes(data)
    return data


@needs_libreoffice
def test_pdf_is_a4(state_pdf):
    assert state_pdf.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", state_pdf)
    assert boxes
    for x0, y0, x1, y1 in boxes:
        assert float(x1) - float(x0) == pytest.approx(595, abs=1)
        assert float(y1) - float(y0) == pytest.approx(842, abs=1)


@needs_libreoffice
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) is not installed")
def test_pdf_text_and_page_numbers(state_pdf, tmp_path):
    path = tmp_path / "document.pdf"
    path.write_bytes(state_pdf)
    first = run_tool("pdftotext", "-layout", "-f", "1", "-l", "1", str(path), "-")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Số: 05/TB-BCĐ" in first
    assert PLACE_DATE in first
    assert re.search(r"^\s*1\s*$", first.split("CỘNG HÒA")[0], re.M) is None  # no number on page 1
    second = run_tool("pdftotext", "-f", "2", "-l", "2", str(path), "-")
    assert second.strip().splitlines()[0].strip() == "2"
    fonts = run_tool("pdffonts", str(path))
    assert "LiberationSerif" in fonts or "TimesNewRoman" in fonts
    assert "DejaVu" not in fonts  # no glyph fell back to another font
    # The pages name the font that stood in: it is the one the PDF embeds.
    assert pdf_module.pdf_serif_font().replace(" ", "") in fonts


def test_the_stand_in_font_is_named_only_when_times_new_roman_is_missing(monkeypatch):
    from giaoban.core.apps import check_pdf_font

    monkeypatch.setattr(pdf_module, "pdf_available", lambda: True)
    monkeypatch.setattr(pdf_module, "pdf_serif_font", lambda: "Liberation Serif")
    assert pdf_module.pdf_font_stand_in() == "Liberation Serif"
    assert "dùng phông Liberation Serif thay thế" in pdf_module.pdf_font_note()
    assert [message.id for message in check_pdf_font(None)] == ["giaoban.I001"]
    monkeypatch.setattr(pdf_module, "pdf_serif_font", lambda: "Times New Roman")
    assert pdf_module.pdf_font_stand_in() is None and pdf_module.pdf_font_note() == ""
    assert check_pdf_font(None) == []


@needs_libreoffice
def test_parallel_conversions_do_not_share_a_profile():
    """Two requests at once each get their PDF: every conversion has its own LibreOffice profile."""
    sources = [render_docx(party_notice()), render_docx(conclusion_notice(number=6))]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(render_pdf, sources))
    assert all(data.startswith(b"%PDF-") and b"/MediaBox" in data for data in results)


def test_pdf_without_libreoffice_raises_a_clear_error(monkeypatch):
    monkeypatch.setattr(pdf_module, "find_soffice", lambda: None)
    assert not pdf_available()
    with pytest.raises(LibreOfficeMissing, match="chưa cài LibreOffice"):
        render_pdf(b"PK")


def test_pdf_conversion_that_hangs_is_stopped(monkeypatch, tmp_path):
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\nsleep 30 &\nsleep 30\n")
    script.chmod(0o755)
    monkeypatch.setattr(pdf_module, "find_soffice", lambda: str(script))
    with pytest.raises(PdfConversionError, match="trong 0,5 giây"):
        render_pdf(b"PK", timeout=0.5)


def test_pdf_conversion_failure_is_reported(monkeypatch, tmp_path):
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\necho 'Error: source file could not be loaded'\nexit 1\n")
    script.chmod(0o755)
    monkeypatch.setattr(pdf_module, "find_soffice", lambda: str(script))
    with pytest.raises(PdfConversionError, match="mã lỗi 1") as error:
        render_pdf(b"PK")
    assert "could not be loaded" in "".join(error.value.__notes__)


def test_long_runs_of_paragraphs_are_written_as_python_docx_writes_them(monkeypatch):
    """A run of like paragraphs repeats the writer's own paragraph for each line: the same XML as one by
    one (escaping, tabs, the last one kept with the closing), in a fraction of the time."""
    from giaoban.core.documents import docx as writer

    body = [
        Heading("I. Kết quả"),
        *(Paragraph(f"- Đơn vị {i}: số liệu 1.234 & <b>, cột\ttiếp theo .") for i in range(60)),
        Paragraph("Đoạn in đậm", bold=True),
        Heading("1. Mục con", level=2),
        *(Paragraph(f"Dòng {i} ") for i in range(55)),
    ]
    document = OfficialDocument(
        issuer="BAN CHỈ ĐẠO", place="Lạng Sơn", date=None, type_name="BÁO CÁO", body=body
    )
    fast = parse(render_docx(document)).paragraphs
    monkeypatch.setattr(writer, "LONG_RUN", 10_000)
    one_by_one = parse(render_docx(document)).paragraphs
    assert [p._p.xml for p in fast] == [p._p.xml for p in one_by_one]
    assert fast[-1].paragraph_format.keep_with_next and not fast[-2].paragraph_format.keep_with_next
    assert "GIAOBAN" not in "".join(p.text for p in fast)
    assert sum(1 for p in fast if p.text.startswith("- Đơn vị")) == 60
