"""The committee report as a document, parsed back: the layout checks of the conclusion notice (Decree
30/2020/NĐ-CP, Appendix I) on a "BÁO CÁO", its two annex forms as Word tables whose totals are the sums
of the accepted submissions, the same forms as an XLSX, the PDF on A4, and the demo's H1 2017 report."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from giaoban.core.documents import (
    MOTTO,
    NATIONAL_HEADING,
    PARTY_HEADING,
)
from giaoban.core.documents.docx import LONG_RUN
from giaoban.core.testing import needs_libreoffice
from giaoban.core.tests.test_documents import (
    all_runs,
    body_paragraphs,
    cell_paragraphs,
    header_table,
    parse,
    run_font,
    size,
)
from giaoban.core.vietnamese import format_number
from giaoban.org.models import Committee, CommitteeLayout
from giaoban.org.tests.factories import PersonFactory
from giaoban.reports import documents, services
from giaoban.reports.aggregate import IndicatorTotal, report_aggregate
from giaoban.reports.models import IndicatorValue, SubmissionState, ValueType
from giaoban.reports.tests.factories import (
    fill,
    make_report,
    make_request,
    make_template,
    submission_of,
    submit_and_accept,
)

SUMMARY = "Sơ kết công tác thông tin đối ngoại 6 tháng đầu năm 2017"
PLACE_DATE = "Lạng Sơn, ngày 20 tháng 7 năm 2017"
# Entered values by indicator position: 1 "Họp báo đã tổ chức", 2 "Tin, bài …", 3 "Kinh phí" (decimal).
UNIT_VALUES = {1: 1200, 2: 35, 3: "12,5"}
OTHER_VALUES = {1: 3, 2: 1000, 3: "7,25"}

# --- A small world ------------------------------------------------------------------------------------


def _official_committee(world, **changes) -> None:
    values = {
        "name": "Ban Chỉ đạo công tác thông tin đối ngoại tỉnh Lạng Sơn",
        "parent_body_name": "UBND TỈNH LẠNG SƠN",
        "document_code": "BCĐ",
        "place_name": "Lạng Sơn",
        **changes,
    }
    Committee.objects.filter(pk=world.committee.pk).update(**values)
    world.committee.refresh_from_db()


def build_report(world, *, approve: bool = True, template=None, accept_other: bool = True, values=None):
    """Two units report; both accepted (or only the first); the head signs for the committee."""
    _official_committee(world)
    request = make_request(world, template=template)
    unit_values, other_values = values or (UNIT_VALUES, OTHER_VALUES)
    for unit, officer, values in (
        (world.unit, world.officer, unit_values),
        (world.other_unit, world.other_officer, other_values),
    ):
        submission = fill(submission_of(request, unit), officer, values=values)
        if unit == world.unit or accept_other:
            submit_and_accept(submission, officer, world.secretariat, day=dt.date(2017, 7, 5))
    head = PersonFactory(full_name="Hoàng Văn Nghiệm")
    report = make_report(
        world,
        request,
        signer=head,
        signing_prefix="TM.",
        signing_authority="Ban Chỉ đạo",
        signer_title="Trưởng ban",
        recipients="Ban Chỉ đạo công tác thông tin đối ngoại Trung ương\nThường trực Tỉnh ủy\nLưu: VT",
    )
    if approve:
        report = services.report_approve(actor=world.leader, report=report, date=dt.date(2017, 7, 20))
    report.refresh_from_db()
    return report


@pytest.fixture
def report(world):
    return build_report(world)


@pytest.fixture
def report_docx(world, report) -> bytes:
    return documents.render(report, "docx", user=world.secretariat).content


@pytest.fixture
def document(report_docx):
    return parse(report_docx)


def closing_table(document):
    """The "Nơi nhận" | signature table (the annexes' tables come after it)."""
    return next(t for t in document.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:"))


def annex_tables(document):
    return [t for t in document.tables if t.rows[0].cells[0].text == "TT"]


def accepted_sums(report) -> dict[str, Decimal]:
    """Each entered indicator's sum over the accepted submissions, straight from the database."""
    rows = (
        IndicatorValue.objects.filter(
            submission__request=report.request, submission__state=SubmissionState.ACCEPTED
        )
        .values_list("indicator__name")
        .annotate(total=Sum("value"))
    )
    return dict(rows)


# --- Layout (the conclusion notice's checks on the report) -------------------------------------------


@pytest.mark.django_db
def test_a4_portrait_with_margins_in_range(document):
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)
    assert 20 <= section.top_margin / Mm(1) <= 25 and 20 <= section.bottom_margin / Mm(1) <= 25
    assert 30 <= section.left_margin / Mm(1) <= 35 and 15 <= section.right_margin / Mm(1) <= 20


@pytest.mark.django_db
def test_national_heading_issuer_number_and_italic_place_date(document):
    heading, motto = cell_paragraphs(header_table(document).rows[0].cells[1])[:2]
    assert heading.text == NATIONAL_HEADING and all_runs(heading, "bold") and 12 <= size(heading) <= 13
    assert motto.text == MOTTO and all_runs(motto, "bold") and 13 <= size(motto) <= 14
    parent, issuer = cell_paragraphs(header_table(document).rows[0].cells[0])
    assert parent.text == "UBND TỈNH LẠNG SƠN" and not any(run.font.bold for run in parent.runs)
    assert issuer.text == "BAN CHỈ ĐẠO CÔNG TÁC THÔNG TIN ĐỐI NGOẠI" and all_runs(issuer, "bold")
    number_cell, date_cell = header_table(document).rows[1].cells
    (number,) = cell_paragraphs(number_cell)
    (place_date,) = cell_paragraphs(date_cell)
    assert re.fullmatch(r"Số: \d{2,}/BC-BCĐ", number.text) and number.text == "Số: 01/BC-BCĐ"
    assert place_date.text == PLACE_DATE and all_runs(place_date, "italic") and 13 <= size(place_date) <= 14


@pytest.mark.django_db
def test_title_summary_and_sections_in_times_new_roman_13_to_14(document, report):
    texts = [p.text for p in body_paragraphs(document)]
    assert texts[texts.index("BÁO CÁO") + 1] == SUMMARY
    paragraphs = body_paragraphs(document)
    start = texts.index("I. Công tác lãnh đạo, chỉ đạo")
    end = texts.index("PHỤ LỤC I")
    body = paragraphs[start:end]
    assert [p.text for p in body if p.text.startswith(("I.", "II.", "III."))] == [
        "I. Công tác lãnh đạo, chỉ đạo",
        "II. Hoạt động đối ngoại",
        "III. Thực hiện nhiệm vụ",
    ]
    # The units' texts under each heading, one paragraph per line, as the current version has them.
    assert "- Sở Ngoại vụ: Nội dung báo cáo. (I. Công tác lãnh đạo, chỉ đạo)" in texts
    assert "- Thành phố Lạng Sơn: Nội dung báo cáo. (II. Hoạt động đối ngoại)" in texts
    for paragraph in body:
        assert 13 <= size(paragraph) <= 14, paragraph.text
        assert all(run_font(run, paragraph) == "Times New Roman" for run in paragraph.runs)
        assert paragraph.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    heading = body[0]
    assert all_runs(heading, "bold") and heading._p.pPr.find(qn("w:outlineLvl")) is not None


@pytest.mark.django_db
def test_signature_block_and_recipients(document):
    signature = [p.text for p in cell_paragraphs(closing_table(document).rows[0].cells[1])]
    assert signature == ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", "Hoàng Văn Nghiệm"]
    label, *lines = cell_paragraphs(closing_table(document).rows[0].cells[0])
    assert (
        label.text == "Nơi nhận:"
        and all_runs(label, "bold")
        and all_runs(label, "italic")
        and size(label) == 12
    )
    assert [line.text for line in lines] == [
        "- Ban Chỉ đạo công tác thông tin đối ngoại Trung ương;",
        "- Thường trực Tỉnh ủy;",
        "- Lưu: VT.",
    ]
    assert all(size(line) == 11 for line in lines)


@pytest.mark.django_db
def test_a_draft_leaves_number_and_day_blank(world):
    report = build_report(world, approve=False)
    rendered = documents.render(report, "docx", user=world.secretariat)
    assert rendered.filename == "bao-cao-du-thao-bc-bcd.docx"
    assert rendered.content_type.endswith("wordprocessingml.document")
    number_cell, date_cell = header_table(parse(rendered.content)).rows[1].cells
    assert re.fullmatch(r"Số:\s{4,}/BC-BCĐ", number_cell.paragraphs[0].text)
    assert re.fullmatch(r"Lạng Sơn, ngày\s+tháng\s+năm \d{4}", date_cell.paragraphs[0].text)


@pytest.mark.django_db
def test_an_approved_report_is_named_by_its_number_and_date(world, report):
    rendered = documents.render(report, "docx", user=world.secretariat)
    assert rendered.filename == "bao-cao-01-bc-bcd-2017-07-20.docx"


@pytest.mark.django_db
def test_a_party_committee_reports_in_the_party_layout(world):
    report = build_report(world)
    Committee.objects.filter(pk=world.committee.pk).update(
        document_layout=CommitteeLayout.PARTY, parent_body_name="TỈNH ỦY LẠNG SƠN", document_code="BCĐ94"
    )
    report.committee.refresh_from_db()
    document = parse(documents.render(report, "docx", user=world.secretariat).content)
    (heading,) = cell_paragraphs(header_table(document).rows[0].cells[1])
    assert heading.text == PARTY_HEADING and all_runs(heading, "underline")
    assert header_table(document).rows[1].cells[0].paragraphs[0].text == "Số 01-BC/BCĐ94"
    assert [p.text for p in cell_paragraphs(closing_table(document).rows[0].cells[1])][0] == "T/M BAN CHỈ ĐẠO"


# --- The annexes ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_annex_one_totals_are_the_sums_of_the_accepted_submissions(document, report):
    texts = [p.text for p in document.paragraphs]
    assert "PHỤ LỤC I" in texts and "BIỂU 01: TỔNG HỢP SỐ LIỆU" in texts
    assert "(Kèm theo Báo cáo số 01/BC-BCĐ ngày 20 tháng 7 năm 2017)" in texts
    summary = annex_tables(document)[0]
    assert [c.text for c in summary.rows[0].cells] == ["TT", "Chỉ tiêu", "Đơn vị tính", "Tổng số"]
    rows = {row.cells[1].text: row.cells[3].text for row in summary.rows[1:]}
    sums = accepted_sums(report)
    assert rows["Họp báo đã tổ chức"] == format_number(sums["Họp báo đã tổ chức"]) == "1.203"
    assert (
        rows["Tin, bài cung cấp cho báo chí"]
        == format_number(sums["Tin, bài cung cấp cho báo chí"])
        == "1.035"
    )
    assert rows["Kinh phí"] == format_number(sums["Kinh phí"]) == "19,75"
    assert "Số đoàn ra" in rows  # computed by the system: the committee's figure
    assert summary.rows[1].cells[3].paragraphs[0].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT


@pytest.mark.django_db
def test_annex_two_has_a_row_per_accepted_unit_in_a_landscape_section(document):
    section = document.sections[-1]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert round(section.page_width / Mm(1)) == 297 and round(section.page_height / Mm(1)) == 210
    texts = [p.text for p in document.paragraphs]
    assert "PHỤ LỤC II" in texts and "BIỂU 02: SỐ LIỆU CỦA CÁC ĐƠN VỊ" in texts
    units = annex_tables(document)[1]
    assert units.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    header = [c.text for c in units.rows[0].cells]
    assert header[:3] == ["TT", "Đơn vị", "Họp báo đã tổ chức (cuộc)"]
    body = [[c.text for c in row.cells] for row in units.rows[1:]]
    # Vietnamese order: "Sở …" before "Thành phố …".
    assert body[0][:5] == ["1", "Sở Ngoại vụ", "1.200", "35", "12,5"]
    assert body[1][:5] == ["2", "Thành phố Lạng Sơn", "3", "1.000", "7,25"]
    assert body[2][:5] == ["", "Tổng cộng", "1.203", "1.035", "19,75"]
    assert units.rows[-1].cells[2].paragraphs[0].runs[0].font.bold


@pytest.mark.django_db
def test_only_accepted_submissions_count(world):
    report = build_report(world, accept_other=False)
    document = parse(documents.render(report, "docx", user=world.secretariat).content)
    summary, units = annex_tables(document)
    rows = {row.cells[1].text: row.cells[3].text for row in summary.rows[1:]}
    assert rows["Họp báo đã tổ chức"] == "1.200" and rows["Kinh phí"] == "12,5"
    assert [row.cells[1].text for row in units.rows[1:]] == ["Sở Ngoại vụ", "Tổng cộng"]


@pytest.mark.django_db
def test_twenty_indicators_are_split_into_tables_of_at_most_eight(world):
    indicators = [
        {"name": f"Chỉ tiêu thử {i}", "unit_of_measure": "lượt", "value_type": "integer", "source": ""}
        for i in range(1, 21)
    ]
    template = make_template(world, indicators=indicators)
    report = build_report(world, template=template, values=({}, {}))
    document = parse(documents.render(report, "docx", user=world.secretariat).content)
    summary, *parts = annex_tables(document)
    assert len(summary.rows) == 21
    assert [len(table.columns) - 2 for table in parts] == [8, 8, 4]
    texts = [p.text for p in document.paragraphs]
    assert "Phần 1/3: chỉ tiêu 1–8" in texts and "Phần 3/3: chỉ tiêu 17–20" in texts
    assert [c.text for c in parts[2].rows[0].cells][2] == "Chỉ tiêu thử 17 (lượt)"
    # Each unit enters 2·i for the indicator at position i.
    assert [c.text for c in parts[2].rows[-1].cells][2:] == [format_number(4 * i) for i in range(17, 21)]


def test_big_tables_stay_cells_of_the_fast_path():
    """4,000 units × 20 indicators: core Tables (spliced in as XML), integer cells as ints, 3 parts."""
    indicators = [
        IndicatorTotal(
            SimpleNamespace(
                pk=j,
                name=f"Chỉ tiêu {j}",
                unit_of_measure="cuộc",
                value_type=ValueType.INTEGER,
                is_computed=False,
                source="",
            ),
            Decimal(4000 * j),
            {u: Decimal(j) for u in range(1, 4001)},
        )
        for j in range(1, 21)
    ]
    units = [SimpleNamespace(pk=u, name=f"Đơn vị {u}") for u in range(1, 4001)]
    tables = documents.unit_tables(SimpleNamespace(indicators=indicators, units=units))
    assert [len(t.header) for t in tables] == [10, 10, 6]
    assert all(len(t.rows) == 4001 for t in tables)
    assert all(type(value) is int for value in tables[0].rows[0][2:])
    assert tables[0].rows[-1][2:] == [4000 * j for j in range(1, 9)]


@pytest.mark.django_db
def test_a_long_version_renders_every_line(world):
    report = build_report(world, approve=False)
    lines = [f"- Đơn vị {i}: nội dung." for i in range(LONG_RUN + 50)]
    services.report_update(
        actor=world.secretariat,
        report=report,
        sections=[
            {"heading": "I. Kết quả", "text": "\n".join(lines)},
            {"heading": "II. Kiến nghị", "text": "Không."},
        ],
    )
    document = parse(documents.render(report, "docx", user=world.secretariat).content)
    texts = [p.text for p in body_paragraphs(document)]
    start = texts.index("I. Kết quả")
    assert texts[start + 1 : start + 1 + len(lines)] == lines
    assert texts[start + 1 + len(lines) : start + 3 + len(lines)] == ["II. Kiến nghị", "Không."]
    assert not any("GIAOBAN" in text for text in texts)


# --- The XLSX --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_annex_workbook_has_both_forms_with_numbers(world, report):
    data = documents.annex_xlsx(report, user=world.secretariat)
    assert documents.annex_filename(report) == "bieu-mau-bao-cao-01-bc-bcd-2017-07-20.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Biểu 01", "Biểu 02"]
    summary, units = workbook["Biểu 01"], workbook["Biểu 02"]
    assert summary["A1"].value == "Biểu 01: Tổng hợp số liệu" and summary["A1"].font.bold
    assert SUMMARY in summary["A2"].value and "01/01/2017 – 30/06/2017" in summary["A2"].value
    assert [c.value for c in summary[3]] == ["TT", "Chỉ tiêu", "Đơn vị tính", "Tổng số"]
    assert summary.freeze_panes == "A4" and units.freeze_panes == "C4"
    totals = {row[1]: row[3] for row in summary.iter_rows(min_row=4, values_only=True)}
    sums = accepted_sums(report)
    assert totals["Họp báo đã tổ chức"] == sums["Họp báo đã tổ chức"] == 1203
    assert isinstance(totals["Họp báo đã tổ chức"], int)
    assert totals["Kinh phí"] == pytest.approx(19.75)
    assert summary.column_dimensions["B"].width >= 40
    header = [c.value for c in units[3]]
    assert header[:3] == ["TT", "Đơn vị", "Họp báo đã tổ chức (cuộc)"]
    rows = list(units.iter_rows(min_row=4, values_only=True))
    assert rows[0][:5] == (1, "Sở Ngoại vụ", 1200, 35, 12.5)
    assert rows[-1][:5] == (None, "Tổng cộng", 1203, 1035, 19.75)
    assert units["C4"].number_format == "#,##0"


# --- PDF ---------------------------------------------------------------------------------------------------


@needs_libreoffice
@pytest.mark.django_db
def test_the_pdf_is_a4_with_landscape_annex_pages(world, report, tmp_path):
    rendered = documents.render(report, "pdf", user=world.secretariat)
    assert rendered.content.startswith(b"%PDF") and rendered.filename == "bao-cao-01-bc-bcd-2017-07-20.pdf"
    # Each page's own box (the page tree's box encloses both orientations).
    boxes = re.findall(
        rb"/Type\s*/Page\b(?!s)[^>]*?/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]",
        rendered.content,
    )
    sizes = [(round(float(x1) - float(x0)), round(float(y1) - float(y0))) for x0, y0, x1, y1 in boxes]
    assert sizes[0] == (595, 842) and sizes[-1] == (842, 595) and set(sizes) == {(595, 842), (842, 595)}
    if shutil.which("pdftotext"):
        path = tmp_path / "bao-cao.pdf"
        path.write_bytes(rendered.content)
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", "1", "-l", "1", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "Số: 01/BC-BCĐ" in text and PLACE_DATE in text and "BÁO CÁO" in text


# --- The demo's H1 2017 report ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_report(django_db_setup, django_db_blocker) -> dict:
    """The demo's H1 2017 committee report as DOCX and XLSX, with its aggregate's sentences."""
    pytest.importorskip("giaoban.reports.demo")
    from giaoban.core.permissions import Role
    from giaoban.org.models import User
    from giaoban.reports.models import CommitteeReport

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", stdout=io.StringIO())
        report = CommitteeReport.objects.select_related("committee", "period").get(
            period__start_date__lte=dt.date(2017, 1, 1),
            period__end_date__gte=dt.date(2017, 6, 14),
            period__end_date__lte=dt.date(2017, 6, 30),
            request__isnull=False,
        )
        user = User.objects.filter(role=Role.SECRETARIAT, committees=report.committee, is_active=True).first()
        found = report_aggregate(user=user, report=report)
        files = {
            "docx": documents.render(report, "docx", user=user).content,
            "xlsx": documents.annex_xlsx(report, user=user),
            "tasks_sentence": found.tasks_sentence,
            "totals": {row.indicator.name: row.total for row in found.indicators if not row.is_computed},
            "sums": accepted_sums(report),
        }
        transaction.set_rollback(True)
    return files


def test_the_demo_report_carries_the_delegations_and_tasks_sentences(demo_report):
    document = parse(demo_report["docx"])
    texts = [p.text for p in document.paragraphs]
    delegations = [t for t in texts if "Cử 29 đoàn" in t or "cử 29 đoàn" in t]
    assert delegations, "the delegations sentence is missing"
    assert "29 đoàn với 203 lượt người đi" in delegations[0]
    assert "tại 12 quốc gia, vùng lãnh thổ" in delegations[0]
    assert "tổ chức đón tiếp 32 đoàn, 209 lượt người đến từ 9 quốc gia và vùng lãnh thổ" in delegations[0]
    sentence = demo_report["tasks_sentence"]
    assert sentence.startswith("Trong ") and any(sentence in text for text in texts)


def test_the_demo_report_passes_the_layout_checks(demo_report):
    document = parse(demo_report["docx"])
    section = document.sections[0]
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)
    # The demo committee issues Party-style documents (Guidance 36-HD/VPTW) under the Tỉnh ủy.
    (heading,) = cell_paragraphs(header_table(document).rows[0].cells[1])
    assert heading.text == PARTY_HEADING
    left = [p.text for p in cell_paragraphs(header_table(document).rows[0].cells[0])]
    assert left[0] == "TỈNH ỦY LẠNG SƠN" and left[-1] == "*"
    texts = [p.text for p in body_paragraphs(document)]
    assert "BÁO CÁO" in texts
    assert re.fullmatch(
        r"Số(\s{4,}|\s\d{2,})-BC/BCĐ", header_table(document).rows[1].cells[0].paragraphs[0].text
    )
    assert cell_paragraphs(closing_table(document).rows[0].cells[0])[0].text == "Nơi nhận:"


def test_the_demo_annex_totals_are_the_sums_of_accepted_submissions(demo_report):
    assert demo_report["sums"], "the demo has no accepted values"
    for name, total in demo_report["totals"].items():
        assert total == demo_report["sums"].get(name, Decimal(0)), name
    summary = annex_tables(parse(demo_report["docx"]))[0]
    shown = {row.cells[1].text: row.cells[3].text for row in summary.rows[1:]}
    for name, total in demo_report["sums"].items():
        assert shown[name] == format_number(total), name
    workbook = openpyxl.load_workbook(io.BytesIO(demo_report["xlsx"]))
    sheet_totals = {row[1]: row[3] for row in workbook["Biểu 01"].iter_rows(min_row=4, values_only=True)}
    for name, total in demo_report["sums"].items():
        assert sheet_totals[name] == pytest.approx(float(total)), name


def _row(pk: int, name: str, source: str, total, by_unit) -> IndicatorTotal:
    indicator = SimpleNamespace(
        pk=pk,
        name=name,
        unit_of_measure="",
        value_type=ValueType.INTEGER,
        is_computed=bool(source),
        source=source,
    )
    return IndicatorTotal(indicator, total, by_unit)


def test_annex_blanks_zeros_and_totals_follow_one_rule():
    """Issue #16, 4: distinct-country columns say they are not sums; a computed per-unit figure is 0
    where there is nothing to count, an entered one blank where the unit gave nothing; a total that is
    not the sum of its rows says why; the rest say nothing."""
    units = [SimpleNamespace(pk=1, name="Sở Ngoại vụ"), SimpleNamespace(pk=2, name="Công an tỉnh")]
    rows = [
        _row(1, "Số đoàn ra", "delegations.outbound", Decimal(7), {1: Decimal(5)}),  # 2 from other units
        _row(
            2,
            "Số quốc gia, vùng lãnh thổ đoàn ra đến",
            "delegations.outbound_countries",
            Decimal(2),
            {1: Decimal(2), 2: Decimal(1)},
        ),  # fmt: skip
        _row(3, "Họp báo đã tổ chức", "", Decimal(4), {1: Decimal(4)}),  # unit 2 gave nothing
        _row(4, "Tin, bài", "", Decimal(0), {1: Decimal(0), 2: Decimal(0)}),
        _row(5, "Hội nghị đã tổ chức", "meetings.held", Decimal(2), {}),
    ]
    aggregate = SimpleNamespace(indicators=rows, units=units)
    (table,) = documents.unit_tables(aggregate)
    assert table.rows[0][2:] == [5, 2, 4, 0, None]
    assert table.rows[1][2:] == [0, 1, None, 0, None]
    assert table.rows[2][2:] == [7, 2, 4, 0, 2]
    notes = documents.annex_notes(aggregate)
    assert notes == [
        "Cột “Số đoàn ra”: Tổng cộng là số liệu của cả Ban Chỉ đạo, gồm cả 2 của các đơn vị chưa có báo cáo "
        "được chấp nhận (không có dòng trong biểu).",
        "Cột “Số quốc gia, vùng lãnh thổ đoàn ra đến”: mỗi quốc gia, vùng lãnh thổ chỉ tính một lần ở dòng "
        "Tổng cộng dù nhiều đơn vị cùng đến hoặc cùng đón đoàn của nơi đó, nên Tổng cộng không phải tổng của "
        "các dòng trên.",
        "Cột “Hội nghị đã tổ chức”: số liệu chung của Ban Chỉ đạo, không tính theo đơn vị.",
        documents.BLANK_NOTE,
    ]
    annex = documents.annexes(SimpleNamespace(indicators=rows, units=units))[1]
    texts = [block.text for block in annex.blocks if hasattr(block, "text")]
    assert texts[0] == "Ghi chú:" and texts[1:] == [f"- {note}" for note in notes]


def test_no_note_when_every_total_is_the_sum_of_its_rows():
    units = [SimpleNamespace(pk=1, name="Sở Ngoại vụ")]
    rows = [_row(1, "Số đoàn ra", "delegations.outbound", Decimal(5), {1: Decimal(5)})]
    assert documents.annex_notes(SimpleNamespace(indicators=rows, units=units)) == []


def test_an_indicator_nobody_reported_totals_blank_not_zero(world):
    report = build_report(world, approve=False, values=({1: 5, 3: None}, {1: 7, 3: None}))
    found = report_aggregate(user=world.secretariat, report=report)
    totals = {row.indicator.name: row.total for row in found.indicators if not row.is_computed}
    assert totals["Họp báo đã tổ chức"] == 12
    assert totals["Kinh phí"] is None  # no unit gave it: blank, as each unit's cell
    workbook = openpyxl.load_workbook(io.BytesIO(documents.annex_xlsx(report, user=world.secretariat)))
    sheet = workbook["Biểu 02"]
    values = [list(row) for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert any(row[1] == "Ghi chú:" for row in values)
    assert any(row[1] == f"- {documents.BLANK_NOTE}" for row in values)
