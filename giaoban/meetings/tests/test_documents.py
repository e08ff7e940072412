"""The demo world's documents parsed back: the conclusion notice of a Party-style committee against
domain.md §8 (Guidance 36-HD/VPTW for the header, number and signature; Decree 30/2020/NĐ-CP, Appendix I
for the page), its PDF on A4; the invitation and the minutes; the parent body's letterhead."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.db import transaction
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from giaoban.core.documents import MOTTO, NATIONAL_HEADING, PARTY_HEADING, render_pdf
from giaoban.core.testing import needs_libreoffice
from giaoban.core.tests.test_documents import (
    all_runs,
    body_paragraphs,
    cell_paragraphs,
    closing_table,
    header_table,
    paragraphs_in,
    parse,
    run_font,
    size,
)
from giaoban.meetings import documents
from giaoban.meetings.models import Meeting
from giaoban.meetings.tests.factories import make_meeting, make_notice
from giaoban.org.models import CommitteeLayout
from giaoban.org.tests.factories import CommitteeFactory

# Guidance 36-HD/VPTW, section II.1: "Số 125-TB/BCĐ", no colon, "-" before the type code.
NUMBER = re.compile(r"^Số \d{2,}-TB/[A-ZĐ0-9]+$")
PLACE_DATE = "Lạng Sơn, ngày 26 tháng 7 năm 2017"


@pytest.fixture(scope="module")
def demo_files(django_db_setup, django_db_blocker) -> dict[str, bytes]:
    """The demo's three documents as DOCX, rendered once for the module."""
    files: dict[str, bytes] = {}
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", stdout=io.StringIO())
        meeting = Meeting.objects.get(date=dt.date(2017, 7, 26))
        notice = meeting.conclusion
        for kind in ("invitation", "conclusion", "minutes"):
            files[kind] = documents.render(kind, meeting, notice, "docx").content
        transaction.set_rollback(True)
    return files


@pytest.fixture(scope="module")
def notice(demo_files):
    return parse(demo_files["conclusion"])


# --- The conclusion notice (acceptance) ------------------------------------------------------------


def test_a4_with_margins_in_range(notice):
    section = notice.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)
    assert 20 <= section.top_margin / Mm(1) <= 25 and 20 <= section.bottom_margin / Mm(1) <= 25
    assert 30 <= section.left_margin / Mm(1) <= 35 and 15 <= section.right_margin / Mm(1) <= 20


def test_body_is_times_new_roman_13_to_14_pt(notice):
    paragraphs = body_paragraphs(notice)
    start = next(i for i, p in enumerate(paragraphs) if p.text.startswith("Sáng ngày 26 tháng 7 năm 2017"))
    body = paragraphs[start:]
    assert len(body) > 20
    for paragraph in body:
        assert 13 <= size(paragraph) <= 14, paragraph.text
        assert all(run_font(run, paragraph) == "Times New Roman" for run in paragraph.runs)
        assert paragraph.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY


def test_party_heading_top_right_tinh_uy_and_committee_top_left(notice):
    """The external-information committee (headed by the standing deputy secretary, kept by the Party's
    Propaganda Board) issues Party documents: "ĐẢNG CỘNG SẢN VIỆT NAM" underlined, the Tỉnh ủy above the
    committee, an asterisk under it."""
    (heading,) = cell_paragraphs(header_table(notice).rows[0].cells[1])
    assert heading.text == PARTY_HEADING and all_runs(heading, "bold") and all_runs(heading, "underline")
    assert size(heading) == 15
    parent, issuer, mark = cell_paragraphs(header_table(notice).rows[0].cells[0])
    assert parent.text == "TỈNH ỦY LẠNG SƠN" and not any(run.font.bold for run in parent.runs)
    assert issuer.text == "BAN CHỈ ĐẠO CÔNG TÁC THÔNG TIN ĐỐI NGOẠI" and all_runs(issuer, "bold")
    assert mark.text == "*"
    texts = [p.text for p in paragraphs_in(notice)]
    assert NATIONAL_HEADING not in texts and MOTTO not in texts


def test_number_line_and_italic_place_and_date(notice):
    number_cell, date_cell = header_table(notice).rows[1].cells
    (number,) = cell_paragraphs(number_cell)
    (place_date,) = cell_paragraphs(date_cell)
    assert NUMBER.match(number.text) and number.text == "Số 125-TB/BCĐ"
    assert place_date.text == PLACE_DATE and all_runs(place_date, "italic") and 13 <= size(place_date) <= 14


def test_title_summary_and_thirteen_numbered_tasks(notice):
    texts = [p.text for p in body_paragraphs(notice)]
    assert texts[texts.index("THÔNG BÁO") + 1] == (
        "Kết luận của Trưởng Ban Chỉ đạo tại hội nghị giao ban 6 tháng đầu năm 2017"
    )
    numbered = [text for text in texts if re.match(r"^\d+\. ", text)]
    assert [int(text.split(".")[0]) for text in numbered] == list(range(1, 14))
    assert numbered[0].startswith("1. Tiếp tục bám sát chủ trương, đường lối của Đảng")
    assert numbered[1].startswith("2. Tập huấn, bồi dưỡng nghiệp vụ thông tin đối ngoại")
    units = [text for text in texts if text.startswith("- Cơ quan chủ trì: ")]
    assert len(units) == 13
    # Decree 30, Appendix II: an administrative unit is "thành phố Lạng Sơn" inside a sentence.
    assert any("Cơ quan chủ trì: thành phố Lạng Sơn" in text for text in units)
    assert not any(re.search(r"[^.] (Thành phố|Huyện) [A-ZĐ]", text) for text in units)
    # Tasks 8, 9 and 12 fall due in 2018: not "6 tháng cuối năm 2017" (Decree 30 wording review).
    assert "II. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI" in texts
    assert not any("6 THÁNG CUỐI NĂM" in text for text in texts)
    assert any(text.startswith("Hạn chế: Quản lý, sử dụng Internet") for text in texts)


def test_signature_block_and_recipients(notice):
    signature = [p.text for p in cell_paragraphs(closing_table(notice).rows[0].cells[1])]
    # Guidance 36-HD/VPTW writes the collective authority "T/M".
    assert signature == ["T/M BAN CHỈ ĐẠO", "TRƯỞNG BAN", "Hoàng Văn Nghiệm"]
    label, *lines = cell_paragraphs(closing_table(notice).rows[0].cells[0])
    assert label.text == "Nơi nhận:" and all_runs(label, "underline") and size(label) == 14
    assert not any(run.font.bold for run in label.runs)
    assert lines[-1].text == "- Lưu: VT."
    assert all(line.text.startswith("- ") and line.text.endswith(";") for line in lines[:-1])
    assert all(size(line) == 12 for line in lines)


@needs_libreoffice
def test_the_pdf_is_a4_and_reads_as_the_notice(demo_files, tmp_path):
    data = render_pdf(demo_files["conclusion"])
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert boxes and all(
        (round(float(x1) - float(x0)), round(float(y1) - float(y0))) == (595, 842) for x0, y0, x1, y1 in boxes
    )
    if shutil.which("pdftotext"):
        path = tmp_path / "thong-bao.pdf"
        path.write_bytes(data)
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", "1", "-l", "1", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "Số 125-TB/BCĐ" in text and PLACE_DATE in text and "THÔNG BÁO" in text
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "TỈNH ỦY LẠNG SƠN" in text


# --- The invitation and the minutes -----------------------------------------------------------------


def test_the_invitation_is_a_document_with_its_number_weekday_and_presenters_titles(demo_files):
    """Issue #16, 1: "Trân trọng kính mời", the committees that invite, "Thứ Tư" capitalised, presenters
    with their titles, each item at its clock time (issue #15, 4) but no durations; a number of the
    committee's series."""
    invitation = parse(demo_files["invitation"])
    number_cell, date_cell = header_table(invitation).rows[1].cells
    assert number_cell.paragraphs[0].text == "Số 01-GM/BCĐ"  # the demo committee's Party layout
    assert date_cell.paragraphs[0].text == "Lạng Sơn, ngày 19 tháng 7 năm 2017"
    texts = [p.text for p in body_paragraphs(invitation)]
    assert "GIẤY MỜI" in texts
    assert texts[texts.index("GIẤY MỜI") + 1] == "Dự hội nghị giao ban 6 tháng đầu năm 2017"
    assert "Trân trọng kính mời:" in texts
    assert (
        "Tới dự hội nghị giao ban 6 tháng đầu năm 2017 do Ban Chỉ đạo công tác thông tin đối ngoại và Ban "
        "Chỉ đạo 94 tỉnh tổ chức." in texts
    )
    assert "- Lãnh đạo Sở Ngoại vụ;" in texts
    assert "Thời gian: 08 giờ 00 phút, Thứ Tư, ngày 26 tháng 7 năm 2017." in texts
    assert "Địa điểm: Hội trường Tỉnh ủy Lạng Sơn." in texts
    assert "1. 08 giờ 00 – 08 giờ 10: Khai mạc hội nghị, giới thiệu đại biểu." in texts
    assert any(
        text.startswith("6. 10 giờ 15 – 10 giờ 35: Phát biểu kết luận của Trưởng Ban Chỉ đạo")
        for text in texts
    )
    assert any(text.startswith("- Đồng chí Hà Thị Lan, Giám đốc Sở Ngoại vụ") for text in texts), texts
    assert not any("phút." in text and "Thời lượng" in text for text in texts)
    closing = [p.text for p in paragraphs_in(invitation)]
    assert "- Lưu: VT, BTG." in closing or any(t.startswith("- Lưu: VT, ") for t in closing), closing


def test_the_minutes_have_their_own_form_and_two_signatures(demo_files):
    """Issue #16, 1: time, place, chair, secretary, attendance, each item as recorded, the conclusions;
    THƯ KÝ signs left and CHỦ TRÌ right, "Nơi nhận" under them with the drafting unit."""
    minutes = parse(demo_files["minutes"])
    number_cell, date_cell = header_table(minutes).rows[1].cells
    assert number_cell.paragraphs[0].text == "Số 126-BB/BCĐ"  # the demo committee's Party layout
    assert date_cell.paragraphs[0].text == PLACE_DATE
    texts = [p.text for p in paragraphs_in(minutes)]
    assert "BIÊN BẢN" in texts
    summary = "Hội nghị giao ban 6 tháng đầu năm 2017 của Ban Chỉ đạo công tác thông tin đối ngoại và Ban Chỉ đạo 94 tỉnh"
    assert summary in texts  # a joint meeting: both committees named
    assert "Thời gian bắt đầu: 08 giờ 00 phút, Thứ Tư, ngày 26 tháng 7 năm 2017." in texts
    assert "- Lãnh đạo huyện Bình Gia (lý do: trùng lịch tiếp đoàn công tác của Trung ương)." in texts
    assert "- Lãnh đạo huyện Đình Lập (Chánh Văn phòng Huyện ủy dự thay);" in texts
    assert any(text.startswith("Thư ký: Đồng chí Chu Thị Mai, ") for text in texts), texts
    assert "I. NỘI DUNG HỘI NGHỊ" in texts and "II. KẾT LUẬN CỦA HỘI NGHỊ" in texts
    assert any(text.startswith("- Có 6 ý kiến thảo luận") for text in texts)  # the item as recorded
    assert "- Đồng chí Chu Thị Mai tuyên bố lý do, giới thiệu đại biểu dự hội nghị." in texts
    assert not any("Thời lượng" in text for text in texts)
    assert any(text.startswith("Đồng chí Hoàng Văn Nghiệm ghi nhận, biểu dương") for text in texts)
    assert "Hội nghị kết thúc lúc 11 giờ 30 phút cùng ngày./." in texts
    closing = closing_table(minutes)
    secretary = [p.text for p in cell_paragraphs(closing.rows[0].cells[0]) if p.text]
    chair = [p.text for p in cell_paragraphs(closing.rows[0].cells[1]) if p.text]
    assert secretary == ["THƯ KÝ", "Chu Thị Mai"] and chair == ["CHỦ TRÌ", "Hoàng Văn Nghiệm"]
    recipients = [p.text for p in cell_paragraphs(closing.rows[1].cells[0]) if p.text]
    assert recipients[0] == "Nơi nhận:"
    assert recipients[1] == "- Các thành viên BCĐ TTĐN và Ban Chỉ đạo 94;"  # the committees' short names
    assert recipients[-1].startswith("- Lưu: VT, ")


# --- Party layout ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_party_committee_issues_in_the_party_layout(world):
    party = CommitteeFactory(
        name="Ban Chỉ đạo 94 tỉnh Lạng Sơn",
        document_layout=CommitteeLayout.PARTY,
        parent_body_name="TỈNH ỦY LẠNG SƠN",
        document_code="BCĐ94",
        member_units=[world.unit, world.other_unit],
    )
    meeting = make_meeting(world, committee=party)
    notice = make_notice(meeting, tasks=1)
    from giaoban.meetings import services

    notice = services.conclusion_issue(actor=None, notice=notice)
    document = parse(documents.render("conclusion", meeting, notice, "docx").content)
    (heading,) = cell_paragraphs(header_table(document).rows[0].cells[1])
    assert heading.text == PARTY_HEADING and all_runs(heading, "underline")
    left = [p.text for p in cell_paragraphs(header_table(document).rows[0].cells[0])]
    assert left == ["TỈNH ỦY LẠNG SƠN", "BAN CHỈ ĐẠO 94", "*"]
    assert header_table(document).rows[1].cells[0].paragraphs[0].text == "Số 01-TB/BCĐ94"
    assert notice.key_tasks.get().task.source_number == "01-TB/BCĐ94"
