"""The Excel import: the app's template filled by openpyxl, real agency sheets, every error at once."""

import datetime as dt
import io
import unicodedata

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from giaoban.api.testing import bearer
from giaoban.delegations import imports, services
from giaoban.delegations.models import Delegation, Direction, Purpose, Status
from giaoban.delegations.tests.factories import DelegationFactory
from giaoban.delegations.xlsx import COLUMNS

pytestmark = pytest.mark.django_db

API = "/api/v1/delegations"
NFD = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731

# Template column order: Hướng, Tên đoàn, Đơn vị chủ trì, Trưởng đoàn, Chức vụ, Số thành viên,
# Quốc gia vùng lãnh thổ, Đối tác, Mục đích, Từ ngày, Đến ngày, Nguồn kinh phí, Ghi chú
GOOD_ROWS = [
    ["Đoàn ra", "Đoàn làm việc tại Quảng Tây", "Sở Ngoại vụ", "Lê Thị Ngoại", "Giám đốc", 5, "Trung Quốc",
     "Văn phòng Ngoại vụ Quảng Tây", "Hội đàm; khảo sát", dt.datetime(2017, 3, 1), dt.datetime(2017, 3, 3), "Ngân sách tỉnh", ""],
    ["Đoàn vào", "Đoàn tỉnh Hủa Phăn", "thanh pho lang son", "", "", 8, "Laos; South Korea",
     "", "Giao lưu hữu nghị", "05/04/2017", "7/4/2017", "", "English and Vietnamese names"],
    ["đoàn ra", NFD("Đoàn khảo sát tại Thái Lan, Singapore"), NFD("Sở Ngoại vụ"), NFD("Nguyễn Văn Ánh"), "", "3",
     "TH, SG", "", NFD("Đào tạo, bồi dưỡng"), "2017-05-10", dt.date(2017, 5, 20), "", ""],
    ["Đoàn ra", "Đoàn dự hội chợ tại Hồng Kông", "SNgV", "", "", 4.0, "Đặc khu Hành chính Hồng Kông, Trung Quốc",
     "", "Khác: dự hội chợ", 42901, 42904, "", ""],  # Excel serial dates: 15/6/2017 – 18/6/2017
]  # fmt: skip


@pytest.fixture
def units(world):
    from giaoban.org import services as org_services

    org_services.organisation_update(actor=None, organisation=world.unit, short_name="SNgV")
    return world


def template_workbook(client, user):
    response = client.get(f"{API}/import-template", headers=bearer(user))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def fill(workbook, rows) -> io.BytesIO:
    sheet = workbook.worksheets[0]
    header = next(
        (
            number
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1)
            if str(cells[0]).startswith("Hướng")
        ),
        0,  # a blank workbook: the rows given start with their own header
    )
    for offset, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=header + offset, column=column, value=value)
    output = io.BytesIO()
    workbook.save(output)
    output.seek(0)
    return output


def upload(client, user, data: io.BytesIO, *, dry_run: bool = False, name: str = "doan.xlsx"):
    data.name = name
    return client.post(
        f"{API}/import", {"file": data, "dry_run": "true" if dry_run else "false"}, headers=bearer(user)
    )


# --- The acceptance case -------------------------------------------------------------------------


def test_the_template_has_the_issue_labels_in_its_header_row(client, units):
    sheet = template_workbook(client, units.secretariat).worksheets[0]
    header = [cell for cell in list(sheet.iter_rows(min_row=3, max_row=3, values_only=True))[0] if cell]
    assert [label.rstrip(" *") for label in header] == [
        "Hướng", "Tên đoàn", "Đơn vị chủ trì", "Trưởng đoàn", "Chức vụ", "Số thành viên", "Quốc gia, vùng lãnh thổ",
        "Đối tác", "Mục đích", "Từ ngày", "Đến ngày", "Nguồn kinh phí", "Ghi chú",
        # Issue 14: kinds, levels, categories, localities, and a past delegation's record.
        "Hình thức", "Cấp đoàn", "Đối tượng", "Địa phương đối tác", "Trạng thái", "Số văn bản cho phép",
        "Ngày văn bản cho phép", "Cơ quan cho phép", "Báo cáo kết quả", "Ngày nộp báo cáo", "Lý do hủy",
        "Đơn vị tham gia", "Cơ quan tại Việt Nam",
    ]  # fmt: skip
    lists = template_workbook(client, units.secretariat)["Danh mục"]
    unit_names = [row[0] for row in lists.iter_rows(min_row=2, values_only=True) if row[0]]
    assert "Sở Ngoại vụ" in unit_names and "Thành phố Lạng Sơn" in unit_names


def test_a_filled_template_with_mixed_good_rows_imports_them_all(client, units):
    response = upload(
        client, units.secretariat, fill(template_workbook(client, units.secretariat), GOOD_ROWS)
    )
    assert response.status_code == 200, response.json()
    assert response.json()["created"] == 4
    imported = {d.name: d for d in Delegation.objects.all()}
    assert set(imported) == {
        "Đoàn làm việc tại Quảng Tây",
        "Đoàn tỉnh Hủa Phăn",
        "Đoàn khảo sát tại Thái Lan, Singapore",  # NFC now
        "Đoàn dự hội chợ tại Hồng Kông",
    }
    inbound = imported["Đoàn tỉnh Hủa Phăn"]
    assert (inbound.direction, inbound.lead_unit, inbound.country_codes) == (
        Direction.INBOUND,
        units.other_unit,
        "KR,LA",
    )
    assert (inbound.start_date, inbound.end_date) == (dt.date(2017, 4, 5), dt.date(2017, 4, 7))
    training = imported["Đoàn khảo sát tại Thái Lan, Singapore"]
    assert training.head_name == "Nguyễn Văn Ánh" and training.purpose_codes == "training"
    assert (training.start_date, training.end_date, training.member_count) == (
        dt.date(2017, 5, 10),
        dt.date(2017, 5, 20),
        3,
    )
    fair = imported["Đoàn dự hội chợ tại Hồng Kông"]
    assert (fair.country_codes, fair.purpose_codes, fair.purpose_other) == ("HK", "other", "dự hội chợ")
    assert (fair.start_date, fair.end_date) == (dt.date(2017, 6, 15), dt.date(2017, 6, 18))
    assert imported["Đoàn làm việc tại Quảng Tây"].purpose_codes == "talks,survey"
    assert all(d.status == Status.RETURNED for d in imported.values())
    history = imported["Đoàn làm việc tại Quảng Tây"].history.get()
    assert history.history_user == units.secretariat
    assert history.history_change_reason == "Nhập từ tệp “doan.xlsx”"


def test_a_blank_member_count_imports_as_not_recorded(client, units):
    row = list(GOOD_ROWS[0])
    row[5] = ""
    response = upload(client, units.secretariat, fill(template_workbook(client, units.secretariat), [row]))
    assert response.status_code == 200, response.json()
    assert Delegation.objects.get().member_count is None


def test_one_bad_row_of_each_class_imports_nothing_and_reports_each_error(client, units):
    DelegationFactory(
        lead_unit=units.unit, countries=["JP"], start_date=dt.date(2017, 8, 1), name="Đoàn đã có"
    )
    good = [row[:] for row in GOOD_ROWS]
    bad = {
        "unknown_country": ["Đoàn ra", "Đoàn 1", "Sở Ngoại vụ", "", "", 2, "Narnia", "", "Công tác", "01/07/2017", "02/07/2017", "", ""],
        "unknown_unit": ["Đoàn ra", "Đoàn 2", "Sở Không Có", "", "", 2, "Lào", "", "Công tác", "01/07/2017", "02/07/2017", "", ""],
        "end_before_start": ["Đoàn ra", "Đoàn 3", "Sở Ngoại vụ", "", "", 2, "Lào", "", "Công tác", "10/07/2017", "02/07/2017", "", ""],
        "required": ["Đoàn ra", "", "Sở Ngoại vụ", "", "", 2, "Lào", "", "Công tác", "03/07/2017", "04/07/2017", "", ""],
        "not_a_date": ["Đoàn ra", "Đoàn 5", "Sở Ngoại vụ", "", "", 2, "Lào", "", "Công tác", "31/02/2017", "04/07/2017", "", ""],
        "duplicate_existing": ["Đoàn ra", "Đoàn 6", "Sở Ngoại vụ", "", "", 2, "Nhật Bản", "", "Công tác", "01/08/2017", "03/08/2017", "", ""],
        "duplicate_in_file": ["Đoàn ra", "Đoàn 7", "SNgV", "", "", 9, "CN", "", "Khảo sát", dt.datetime(2017, 3, 1), "05/03/2017", "", ""],
    }  # fmt: skip
    rows = good + list(bad.values())
    response = upload(client, units.secretariat, fill(template_workbook(client, units.secretariat), rows))
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Tệp có 7 lỗi, chưa nhập đoàn nào."
    assert not Delegation.objects.exclude(name="Đoàn đã có").exists()
    first_bad_row = 3 + len(good) + 1  # title, guidance, header, then the good rows
    found = {(e["code"], e["loc"][1], e["field"]) for e in body["errors"]}
    expected = {
        ("unknown_country", first_bad_row, "Quốc gia, vùng lãnh thổ"),
        ("unknown_unit", first_bad_row + 1, "Đơn vị chủ trì"),
        ("end_before_start", first_bad_row + 2, "Đến ngày"),
        ("required", first_bad_row + 3, "Tên đoàn"),
        ("not_a_date", first_bad_row + 4, "Từ ngày"),
        ("duplicate_existing", first_bad_row + 5, "Tên đoàn"),
        ("duplicate_in_file", first_bad_row + 6, "Tên đoàn"),
    }
    assert found == expected
    assert len(body["errors"]) == 7
    messages = {e["code"]: e["message"] for e in body["errors"]}
    assert messages["unknown_country"] == "Không nhận ra quốc gia, vùng lãnh thổ “Narnia”."
    assert (
        messages["duplicate_in_file"]
        == "Trùng với dòng 4 của tệp (cùng hướng, đơn vị, ngày bắt đầu và quốc gia)."
    )
    assert "Đoàn đã có" in messages["duplicate_existing"]
    error = next(e for e in body["errors"] if e["code"] == "unknown_unit")
    assert error["loc"] == ["file", first_bad_row + 1, "Đơn vị chủ trì"]


def test_dry_run_checks_without_writing(client, units):
    response = upload(
        client, units.secretariat, fill(template_workbook(client, units.secretariat), GOOD_ROWS), dry_run=True
    )
    assert response.status_code == 200
    assert response.json() | {"warnings": []} == {
        "dry_run": True, "rows": 4, "created": 0, "header_row": 3, "warnings": [],
    }  # fmt: skip
    assert not Delegation.objects.exists()


# --- Real agency spreadsheets --------------------------------------------------------------------


def agency_sheet() -> io.BytesIO:
    """The shape units send: title and merged cells, an STT column, odd labels, a column-number row,
    an extra column, a total row and notes under it."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["UBND TỈNH LẠNG SƠN"])
    sheet.append(["SỞ NGOẠI VỤ"])
    sheet.merge_cells("A1:E1")
    sheet.append([])
    sheet.append(["BÁO CÁO ĐOÀN RA, ĐOÀN VÀO 6 THÁNG ĐẦU NĂM 2017"])
    sheet.merge_cells("A4:K4")
    sheet.append(["STT", "HƯỚNG", NFD("Tên đoàn"), "Đơn vị\nchủ trì", "Số thành viên (*)", "Quốc gia/vùng lãnh thổ",
                  "Mục đích:", "từ ngày", "Đến Ngày", "Kinh phí (triệu đồng)", "Ghi chú"])  # fmt: skip
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "(11)"])
    sheet.append(
        [
            1,
            "Đoàn ra",
            "Đoàn công tác Bằng Tường",
            "Sở Ngoại vụ",
            4,
            "Trung Quốc",
            "Công tác",
            "02/03/2017",
            "03/03/2017",
            20,
            "",
        ]
    )
    sheet.append(
        [
            2,
            "Đoàn vào",
            "Đoàn Luổng Nặm Thà",
            "so ngoai vu",
            6,
            "Lào",
            "Hội đàm, giao lưu hữu nghị",
            "10/03/2017",
            "12/03/2017",
            None,
            "",
        ]
    )
    sheet.append([None, "Tổng cộng", None, None, 10])
    sheet.append(["Ghi chú: số liệu đến ngày 30/6/2017"])
    output = io.BytesIO()
    workbook.save(output)
    output.seek(0)
    return output  # fmt: skip


def test_a_real_agency_sheet_imports(units):
    result = services.delegation_import(actor=units.officer, file=agency_sheet(), source_name="sngv.xlsx")
    assert result.ok, [e.as_dict() for e in result.errors]
    assert result.header_row == 5
    assert result.created == 2
    inbound = Delegation.objects.get(direction=Direction.INBOUND)
    assert inbound.purpose_codes == f"{Purpose.TALKS},{Purpose.FRIENDSHIP}"
    assert inbound.name == "Đoàn Luổng Nặm Thà"


def test_a_sheet_without_the_header_reports_it(units):
    workbook = Workbook()
    workbook.active.append(["Danh sách"])
    workbook.active.append(["Tên", "Ngày"])
    output = io.BytesIO()
    workbook.save(output)
    output.seek(0)
    result = services.delegation_import(actor=units.secretariat, file=output)
    assert [e.code for e in result.errors] == ["header_not_found"]


def test_a_file_that_is_not_excel_reports_it(units):
    result = services.delegation_import(actor=units.secretariat, file=io.BytesIO(b"not a zip"))
    assert [e.code for e in result.errors] == ["bad_file"]


def test_chunk_boundaries_keep_duplicates_and_counts(units, monkeypatch):
    """Rows are checked and written in chunks; an in-file duplicate in a later chunk is still caught."""
    monkeypatch.setattr(imports, "CHUNK_SIZE", 2)
    rows = [
        ["Đoàn ra", f"Đoàn {n}", "Sở Ngoại vụ", "", "", 2, "Lào", "", "Công tác", f"{n:02d}/01/2017", f"{n:02d}/01/2017", "", ""]
        for n in range(1, 8)
    ]  # fmt: skip
    workbook = Workbook()
    workbook.active.append([column.label for column in COLUMNS])
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    output.seek(0)
    result = services.delegation_import(actor=units.secretariat, file=output)
    assert result.ok and result.created == 7
    workbook.active.append(
        ["Đoàn ra", "Lặp", "Sở Ngoại vụ", "", "", 2, "Lào", "", "Công tác", "01/01/2017", "01/01/2017"]
    )
    output = io.BytesIO()
    workbook.save(output)
    output.seek(0)
    result = services.delegation_import(actor=units.secretariat, file=output)
    assert result.error_count == 8  # every row now repeats the register; the last one also row 2
    assert Delegation.objects.count() == 7


# --- Rights --------------------------------------------------------------------------------------


def test_a_unit_officer_cannot_import_rows_for_another_unit(client, units):
    rows = [GOOD_ROWS[0], GOOD_ROWS[1]]  # the second row is Thành phố Lạng Sơn's
    response = upload(client, units.officer, fill(template_workbook(client, units.officer), rows))
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [(e["code"], e["loc"], e["field"]) for e in errors] == [
        ("unit_not_allowed", ["file", 5, "Đơn vị chủ trì"], "Đơn vị chủ trì")
    ]
    assert not Delegation.objects.exists()
    response = upload(client, units.officer, fill(template_workbook(client, units.officer), rows[:1]))
    assert response.status_code == 200


def test_leaders_and_admins_cannot_import(client, units):
    for user in (units.leader, units.admin):
        assert client.get(f"{API}/import-template", headers=bearer(user)).status_code == 403
        response = upload(client, user, fill(Workbook(), []))
        assert response.status_code == 403


# --- The page and the command --------------------------------------------------------------------


def test_the_page_previews_then_imports_on_confirmation(client_for, units):
    client = client_for(units.secretariat)
    page = client.get(reverse("delegations:delegation-import"))
    assert reverse("delegations:import-template") in page.content.decode()
    template = load_workbook(
        io.BytesIO(b"".join(client.get(reverse("delegations:import-template")).streaming_content))
    )
    data = fill(template, GOOD_ROWS)
    data.name = "doan.xlsx"
    preview = client.post(reverse("delegations:delegation-import"), {"file": data})
    html = preview.content.decode()
    assert "Tệp có 4 đoàn hợp lệ, chưa có gì được ghi." in html
    assert "Đoàn tỉnh Hủa Phăn" in html
    assert not Delegation.objects.exists()
    token = preview.context["token"]
    confirmed = client.post(reverse("delegations:delegation-import"), {"token": token})
    assert confirmed.status_code == 302
    assert Delegation.objects.count() == 4
    again = client.post(reverse("delegations:delegation-import"), {"token": token})
    assert again.status_code == 403  # the stored file is gone: a token imports once


def test_the_page_lists_every_error(client_for, units):
    client = client_for(units.secretariat)
    rows = [
        ["Đoàn ra", "Đoàn A", "Sở Không Có", "", "", "x", "Narnia", "", "Công tác", "hôm qua", "", "", ""]
    ]
    data = fill(Workbook(), [[c.label for c in COLUMNS], *rows])
    data.name = "loi.xlsx"
    html = client.post(reverse("delegations:delegation-import"), {"file": data}).content.decode()
    assert "Có 5 lỗi." in html
    for text in ("Sở Không Có", "Narnia", "hôm qua", "Thiếu giá trị bắt buộc."):
        assert text in html
    assert not Delegation.objects.exists()


def test_the_command_imports_or_prints_every_error(units, tmp_path):
    path = tmp_path / "doan.xlsx"
    path.write_bytes(fill(Workbook(), [[c.label for c in COLUMNS], *GOOD_ROWS]).getvalue())
    out = io.StringIO()
    call_command(
        "import-delegations", str(path), "--user", units.secretariat.username, "--dry-run", stdout=out
    )
    assert "Tệp hợp lệ: 4 đoàn" in out.getvalue()
    assert not Delegation.objects.exists()
    call_command("import-delegations", str(path), stdout=out)
    assert Delegation.objects.count() == 4
    err = io.StringIO()
    with pytest.raises(CommandError, match="4 lỗi"):
        call_command("import-delegations", str(path), stdout=out, stderr=err)
    assert "dòng 2, Tên đoàn: Trùng với đoàn đã có" in err.getvalue()


# --- Only a real XLSX is taken -------------------------------------------------------------------

NOT_A_SHEET = b"<html><script>alert(document.cookie)</script></html>"


def test_the_import_takes_only_a_real_xlsx_on_the_page_and_the_api(client_for, units, settings):
    from pathlib import Path

    client = client_for(units.secretariat)
    response = client.post(
        reverse("delegations:delegation-import"),
        {"file": _named(NOT_A_SHEET, "doan.xlsx")},
    )
    assert list(response.context["form"].errors["file"]) == ["Không nhận loại tệp này. Chỉ nhận tệp XLSX."]
    # Refused before anything is kept for the preview.
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]

    response = upload(client, units.secretariat, _named(NOT_A_SHEET, "doan.xlsx"))
    assert response.status_code == 422
    assert [error["message"] for error in response.json()["errors"]] == [
        "Không nhận loại tệp này. Chỉ nhận tệp XLSX."
    ]
    assert response.json()["errors"][0]["field"] == "file"
    assert not Delegation.objects.exists()


def _named(data: bytes, name: str) -> io.BytesIO:
    handle = io.BytesIO(data)
    handle.name = name
    return handle


# --- Issue 14: kinds, localities and past delegations with their status and report ----------------

EXTRA = [c.label for c in COLUMNS[13:]]  # Hình thức, Cấp đoàn, … Lý do hủy


def _row(base, **extra):
    values = dict.fromkeys(EXTRA, "")
    values.update(extra)
    return list(base) + [values[label] for label in EXTRA]


def test_past_delegations_import_with_their_status_report_and_kind(client, units):
    rows = [
        _row(
            GOOD_ROWS[0],
            **{
                "Trạng thái": "Đã báo cáo",
                "Báo cáo kết quả": "Đoàn đã hoàn thành chương trình.",
                "Ngày nộp báo cáo": "20/03/2017",
                "Số văn bản cho phép": "55/QĐ-UBND",
                "Ngày văn bản cho phép": "10/02/2017",
                "Cấp đoàn": "Cấp tỉnh",
                "Địa phương đối tác": "Quảng Tây; Vân Nam",
            },
        ),
        _row(
            GOOD_ROWS[1],
            **{"Trạng thái": "Đã hủy", "Lý do hủy": "Đối tác hoãn.", "Đối tượng": "Phóng viên nước ngoài"},
        ),
        _row(GOOD_ROWS[2], **{"Hình thức": "Hội đàm, gặp gỡ tại cửa khẩu, mốc biên giới"}),
    ]
    response = upload(client, units.secretariat, fill(template_workbook(client, units.secretariat), rows))
    assert response.status_code == 200, response.json()
    imported = {d.name: d for d in Delegation.objects.all()}
    reported = imported["Đoàn làm việc tại Quảng Tây"]
    assert (reported.status, reported.historical, reported.report_date) == (
        Status.REPORTED,
        True,
        dt.date(2017, 3, 20),
    )
    assert (reported.approval_number, reported.approval_date, reported.level) == (
        "55/QĐ-UBND",
        dt.date(2017, 2, 10),
        "province",
    )
    assert reported.locality_codes == "CN-GX,CN-YN"
    cancelled = imported["Đoàn tỉnh Hủa Phăn"]
    assert (cancelled.status, cancelled.cancel_reason, cancelled.category) == (
        Status.CANCELLED,
        "Đối tác hoãn.",
        "press",
    )
    border = imported["Đoàn khảo sát tại Thái Lan, Singapore"]
    assert (border.kind, border.historical, border.status) == ("border", False, Status.RETURNED)


def test_history_columns_report_their_errors_by_row_and_import_nothing(client, units):
    rows = [
        _row(GOOD_ROWS[0], **{"Trạng thái": "Đã hủy"}),  # no reason
        _row(GOOD_ROWS[1], **{"Cấp đoàn": "Cấp xã"}),
        _row(GOOD_ROWS[2], **{"Địa phương đối tác": "Quảng Tây"}),  # not in Thailand or Singapore
    ]
    response = upload(client, units.secretariat, fill(template_workbook(client, units.secretariat), rows))
    assert response.status_code == 422
    errors = [(e["loc"][1], e["field"]) for e in response.json()["errors"]]
    assert errors == [(4, "Lý do hủy"), (5, "Cấp đoàn"), (6, "Địa phương đối tác")]
    assert not Delegation.objects.exists()


def test_participating_units_and_a_visitor_based_in_viet_nam_import(client, units):
    rows = [
        _row(GOOD_ROWS[0], **{"Đơn vị tham gia": f"{units.other_unit.name}; SNgV"}),
        _row(GOOD_ROWS[1], **{"Cơ quan tại Việt Nam": "Có"}),
        _row(GOOD_ROWS[2], **{"Cơ quan tại Việt Nam": "không"}),
    ]
    response = upload(client, units.secretariat, fill(template_workbook(client, units.secretariat), rows))
    assert response.status_code == 200, response.json()
    imported = {d.name: d for d in Delegation.objects.all()}
    joint = imported["Đoàn làm việc tại Quảng Tây"]
    # The lead unit (SNgV) is not its own participant.
    assert list(joint.participating_units.all()) == [units.other_unit]
    assert imported["Đoàn tỉnh Hủa Phăn"].based_in_viet_nam
    assert not imported["Đoàn khảo sát tại Thái Lan, Singapore"].based_in_viet_nam


def test_an_outbound_delegation_cannot_be_based_in_viet_nam_nor_name_an_unknown_participant(client, units):
    rows = [
        _row(GOOD_ROWS[0], **{"Cơ quan tại Việt Nam": "Có"}),
        _row(GOOD_ROWS[1], **{"Đơn vị tham gia": "Ủy ban không có thật"}),
    ]
    response = upload(client, units.secretariat, fill(template_workbook(client, units.secretariat), rows))
    assert response.status_code == 422
    assert [(e["loc"][1], e["field"]) for e in response.json()["errors"]] == [
        (4, "Cơ quan tại Việt Nam"),
        (5, "Đơn vị tham gia"),
    ]
    assert not Delegation.objects.exists()
