"""The delegation pages through the test client, per role: lists, record, forms, workflow, stats, export."""

import datetime as dt
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from giaoban.core.services import EDIT_CONFLICT
from giaoban.delegations.models import Delegation, Direction, Purpose, Status
from giaoban.delegations.tests.factories import DelegationFactory
from giaoban.org.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

LIST = reverse("delegations:delegation-list")


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _form_data(delegation=None, **changes):
    data = {
        "direction": Direction.OUTBOUND,
        "name": "Đoàn công tác tại Quảng Tây",
        "lead_unit": "",
        "head_name": "Lê Thị Ngoại",
        "head_title": "Giám đốc Sở Ngoại vụ",
        "member_count": 5,
        "member_names": "",
        "countries": ["CN"],
        "partners": "Văn phòng Ngoại vụ Quảng Tây",
        "purposes": [Purpose.WORK, Purpose.TALKS],
        "purpose_other": "",
        "start_date": "2017-03-01",
        "end_date": "2017-03-03",
        "funding_source": "Ngân sách tỉnh",
        "approval_number": "",
        "approval_date": "",
        "approval_issuer": "",
        "notes": "",
        "status": Status.APPROVED,
    }
    if delegation is not None:
        data.update(
            lead_unit=delegation.lead_unit_id,
            name=delegation.name,
            countries=delegation.country_code_list,
            purposes=delegation.purpose_list,
            start_date=delegation.start_date.isoformat(),
            end_date=delegation.end_date.isoformat(),
            member_count=delegation.member_count,
            version=delegation.version,
        )
        data.pop("status")
    data.update(changes)
    return data


@pytest.fixture
def register(world):
    return {
        "mine": DelegationFactory(
            lead_unit=world.unit, name="Đoàn Sở Ngoại vụ tại Quảng Tây", countries=["CN"]
        ),
        "theirs": DelegationFactory(
            lead_unit=world.other_unit,
            name="Đoàn Thành phố tại Lào",
            countries=["LA"],
            direction=Direction.INBOUND,
            start_date=dt.date(2017, 5, 2),
            purposes=[Purpose.FRIENDSHIP],
        ),
    }


# --- Lists ---------------------------------------------------------------------------------------


def test_the_secretariat_lists_every_unit_and_an_officer_only_theirs(client_for, world, register):
    html = _html(client_for(world.secretariat).get(LIST))
    assert "Đoàn Sở Ngoại vụ tại Quảng Tây" in html and "Đoàn Thành phố tại Lào" in html
    html = _html(client_for(world.officer).get(LIST))
    assert "Đoàn Sở Ngoại vụ tại Quảng Tây" in html and "Đoàn Thành phố tại Lào" not in html


def test_search_ignores_accents_and_finds_units_and_countries(client_for, world, register):
    client = client_for(world.secretariat)
    for query in ("quang tay", "QUẢNG TÂY", "so ngoai vu", "trung quoc"):
        html = _html(client.get(LIST, {"q": query}))
        assert "Đoàn Sở Ngoại vụ tại Quảng Tây" in html and "Đoàn Thành phố tại Lào" not in html, query


@pytest.mark.parametrize(
    "params, shown",
    [
        ({"direction": "inbound"}, "theirs"),
        ({"country": "CN"}, "mine"),
        ({"purpose": "friendship"}, "theirs"),
        ({"date_from": "2017-04-01"}, "theirs"),
        ({"date_to": "2017-04-01"}, "mine"),
        ({"status": "approved", "unit": "UNIT"}, "mine"),
    ],
)
def test_filters(client_for, world, register, params, shown):
    if params.get("unit") == "UNIT":
        params["unit"] = world.unit.pk
    html = _html(client_for(world.secretariat).get(LIST, params))
    hidden = "theirs" if shown == "mine" else "mine"
    assert register[shown].name in html and register[hidden].name not in html


def test_the_overdue_filter_and_the_missing_reports_page(client_for, world, register):
    reported = DelegationFactory(lead_unit=world.unit, name="Đoàn đã báo cáo", status=Status.REPORTED)
    client = client_for(world.secretariat)
    html = _html(client.get(LIST, {"status": "overdue"}))
    assert "Quá hạn báo cáo" in html and reported.name not in html
    html = _html(client.get(reverse("delegations:missing-reports")))
    assert register["mine"].name in html and register["theirs"].name in html and reported.name not in html
    assert "export.xlsx?status=overdue" in html


def test_names_sort_in_vietnamese_order(client_for, world):
    for name in ("Đoàn Ư", "Đoàn U", "Đoàn Đ", "Đoàn D", "Đoàn E"):
        DelegationFactory(lead_unit=world.unit, name=name)
    html = _html(client_for(world.secretariat).get(LIST, {"sort": "name"}))
    order = re.findall(r">(Đoàn [A-ZĐƯ])</a>", html)
    assert order == ["Đoàn D", "Đoàn Đ", "Đoàn E", "Đoàn U", "Đoàn Ư"]


def test_the_list_pages_and_keeps_its_filters(client_for, world, settings):
    settings.GIAOBAN_PAGE_SIZE = 2
    for day in range(1, 6):
        DelegationFactory(lead_unit=world.unit, start_date=dt.date(2017, 1, day))
    html = _html(client_for(world.secretariat).get(LIST, {"direction": "outbound"}))
    assert "Có 5 đoàn." in html and "Trang 1/3" in html
    assert "?direction=outbound&amp;page=2" in html


def test_the_list_runs_a_bounded_number_of_queries(client_for, world):
    client = client_for(world.secretariat)
    DelegationFactory(lead_unit=world.unit)
    few = _queries(client, LIST + "?country=CN&q=doan")
    for n in range(20):
        DelegationFactory(lead_unit=world.other_unit if n % 2 else world.unit, countries=["CN", "LA"])
    # Session, user and the layout's own queries, the user's committees, the unit choices, count, page.
    assert _queries(client, LIST + "?country=CN&q=doan") == few <= 13


# --- A delegation --------------------------------------------------------------------------------


def test_the_record_shows_details_report_due_and_history(client_for, world, register):
    delegation = register["mine"]
    html = _html(client_for(world.secretariat).get(delegation.get_absolute_url()))
    assert "Trung Quốc" in html and "Lịch sử thay đổi" in html
    assert "Quá hạn báo cáo (hạn 19/3/2017)" in html  # ended 4/3, due 15 days later
    assert reverse("delegations:delegation-update", args=[delegation.pk]) in html


def test_a_unit_officer_gets_404_for_another_units_delegation(client_for, world, register):
    client = client_for(world.officer)
    theirs = register["theirs"].pk
    for name in ("delegation-detail", "delegation-update", "delegation-transition", "delegation-report"):
        assert client.get(reverse(f"delegations:{name}", args=[theirs])).status_code == 404, name
    assert client.post(reverse("delegations:delegation-update", args=[theirs]), {}).status_code == 404


def test_a_leader_reads_but_cannot_edit(client_for, world, register):
    client = client_for(world.leader)
    mine = register["mine"]
    html = _html(client.get(mine.get_absolute_url()))
    assert reverse("delegations:delegation-update", args=[mine.pk]) not in html
    assert client.get(reverse("delegations:delegation-update", args=[mine.pk])).status_code == 403
    assert client.get(reverse("delegations:delegation-create")).status_code == 403


def test_history_shows_country_names_not_codes(client_for, world, register):
    client = client_for(world.officer)
    mine = register["mine"]
    response = client.post(
        reverse("delegations:delegation-update", args=[mine.pk]), _form_data(mine, countries=["CN", "LA"])
    )
    assert response.status_code == 302
    html = _html(client.get(mine.get_absolute_url()))
    assert "Trung Quốc → Trung Quốc, Lào" in html


# --- Register and edit ---------------------------------------------------------------------------


def test_an_officer_registers_for_their_unit_and_sees_the_caps_warning(client_for, world, settings):
    settings.DELEGATION_MAX_MEMBERS = 4
    client = client_for(world.officer)
    form = _html(client.get(reverse("delegations:delegation-create")))
    assert "Thành phố Lạng Sơn" not in form  # only their own unit to choose
    response = client.post(
        reverse("delegations:delegation-create"), _form_data(lead_unit=world.unit.pk), follow=True
    )
    html = _html(response)
    delegation = Delegation.objects.get()
    assert delegation.lead_unit == world.unit and delegation.status == Status.APPROVED
    assert "Đoàn có 5 thành viên, quá mức 4 người." in html
    assert delegation.history.get().history_user == world.officer


def test_an_officer_cannot_register_for_another_unit(client_for, world):
    response = client_for(world.officer).post(
        reverse("delegations:delegation-create"), _form_data(lead_unit=world.other_unit.pk)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["lead_unit"]
    assert not Delegation.objects.exists()


def test_the_form_rejects_end_before_start_and_other_without_text(client_for, world):
    response = client_for(world.secretariat).post(
        reverse("delegations:delegation-create"),
        _form_data(lead_unit=world.unit.pk, end_date="2017-02-01", purposes=[Purpose.OTHER]),
    )
    errors = response.context["form"].errors
    assert errors["end_date"] == ["Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."]
    assert errors["purpose_other"] == ["Ghi rõ mục đích khác."]


def test_a_stale_edit_shows_the_conflict(client_for, world, register):
    mine = register["mine"]
    client = client_for(world.secretariat)
    stale = _form_data(mine, member_count=7)
    assert client.post(reverse("delegations:delegation-update", args=[mine.pk]), stale).status_code == 302
    response = client.post(
        reverse("delegations:delegation-update", args=[mine.pk]), {**stale, "member_count": 9}
    )
    assert str(EDIT_CONFLICT) in _html(response)
    assert Delegation.objects.get(pk=mine.pk).member_count == 7


# --- Workflow and report -------------------------------------------------------------------------


def test_cancel_with_a_reason(client_for, world, register):
    mine = register["mine"]
    client = client_for(world.officer)
    url = reverse("delegations:delegation-transition", args=[mine.pk])
    response = client.post(url, {"status": Status.CANCELLED, "reason": "", "version": mine.version})
    assert response.context["form"].errors["reason"] == ["Ghi lý do hủy đoàn."]
    response = client.post(
        url, {"status": Status.CANCELLED, "reason": "Đối tác hoãn.", "version": mine.version}
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.status, mine.cancel_reason) == (Status.CANCELLED, "Đối tác hoãn.")


def test_submit_the_report_with_files_and_download_them(client_for, world, register, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    photo = io.BytesIO()
    Image.new("RGB", (8, 8), (175, 28, 32)).save(photo, format="JPEG")
    mine = register["mine"]
    client = client_for(world.officer)
    response = client.post(
        reverse("delegations:delegation-report", args=[mine.pk]),
        {
            "text": "Đoàn đã làm việc với Văn phòng Ngoại vụ Quảng Tây.",
            "report_date": "2017-03-10",
            "files": [
                SimpleUploadedFile("báo cáo.pdf", b"%PDF-1.4"),
                SimpleUploadedFile("ảnh.jpg", photo.getvalue()),
            ],
            "version": mine.version,
        },
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == Status.REPORTED and mine.report_files.count() == 2
    html = _html(client.get(mine.get_absolute_url()))
    assert "báo cáo.pdf" in html and "Quá hạn báo cáo" not in html
    report_file = mine.report_files.get(name="ảnh.jpg")
    download = client.get(report_file.get_absolute_url())
    served = b"".join(download.streaming_content)  # the photo as re-encoded on upload
    with Image.open(io.BytesIO(served)) as image:
        assert (image.format, image.size) == ("JPEG", (8, 8))
    # Served as an attachment typed by its content, never sniffed or run by the browser.
    assert download["Content-Type"] == "image/jpeg"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")
    assert client_for(world.other_officer).get(report_file.get_absolute_url()).status_code == 404


# --- Statistics and export -----------------------------------------------------------------------


def test_the_stats_page_shows_figures_sentence_and_chart_data(client_for, world, register):
    client = client_for(world.secretariat)
    url = reverse("delegations:delegation-stats") + "?date_from=2017-01-01&date_to=2017-06-30"
    html = _html(client.get(url))
    assert 'id="outbound-delegations">1<' in html and 'id="inbound-countries">1<' in html
    assert (
        "Cử 1 đoàn với 5 lượt người đi công tác tại Trung Quốc; tổ chức đón tiếp 1 đoàn, 5 lượt người đến từ "
        "Lào đến thăm, làm việc." in html
    )
    data = json.loads(
        re.search(r'id="delegation-chart-data" type="application/json">(.*?)</script>', html).group(1)
    )
    assert [row["code"] for row in data["by_country"]] == [
        "LA",
        "CN",
    ]  # equal counts: Lào after … no, by name
    assert len(data["by_month"]) == 6
    assert "vendor/chartjs/chart.umd.min.js" in html and "delegations/stats.js" in html
    scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
    assert scripts == []  # no inline script: the data travels in json_script


def test_chinese_territories_are_named_officially_on_every_page(client_for, world):
    # "Đài Loan (vùng lãnh thổ)" was a political error in a Party board's statistics.
    delegation = DelegationFactory(
        lead_unit=world.unit, countries=["TW", "HK"], start_date=dt.date(2017, 3, 1)
    )
    client = client_for(world.secretariat)
    stats = _html(
        client.get(reverse("delegations:delegation-stats") + "?date_from=2017-01-01&date_to=2017-06-30")
    )
    detail = _html(client.get(delegation.get_absolute_url()))
    for html in (stats, detail):
        assert "Đài Loan (Trung Quốc)" in html and "Hồng Kông (Trung Quốc)" in html
        assert "vùng lãnh thổ)" not in html


def test_a_missing_member_count_shows_as_such_never_as_a_total(client_for, world):
    delegation = DelegationFactory(lead_unit=world.unit, start_date=dt.date(2017, 3, 1), member_count=None)
    DelegationFactory(lead_unit=world.unit, start_date=dt.date(2017, 4, 1), member_count=6)
    client = client_for(world.secretariat)
    stats = _html(
        client.get(reverse("delegations:delegation-stats") + "?date_from=2017-01-01&date_to=2017-06-30")
    )
    assert 'id="outbound-members">ít nhất 6<' in stats
    assert "1 đoàn chưa ghi số thành viên" in stats
    assert "với ít nhất 6 lượt người" in stats
    assert "Chưa ghi" in _html(client.get(delegation.get_absolute_url()))


def test_the_stats_page_runs_a_bounded_number_of_queries(client_for, world, register):
    client = client_for(world.secretariat)
    url = reverse("delegations:delegation-stats") + "?date_from=2017-01-01&date_to=2017-12-31"
    few = _queries(client, url)
    for code in ("DE", "FR", "JP", "KR"):
        DelegationFactory(lead_unit=world.other_unit, countries=[code], purposes=[Purpose.SURVEY])
    # Session, user and the layout's own queries, the user's committees, five aggregates, the choices.
    assert _queries(client, url) == few <= 15


def test_a_committee_the_user_is_not_in_is_not_offered(client_for, world, register):
    html = _html(client_for(world.secretariat).get(reverse("delegations:delegation-stats")))
    assert world.committee.name in html and world.other_committee.name not in html


def test_export_writes_the_filtered_list_to_xlsx(client_for, world, register):
    response = client_for(world.secretariat).get(
        reverse("delegations:delegation-export"), {"direction": "inbound"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][:4] == ("STT", "Hướng", "Tên đoàn", "Đơn vị chủ trì")
    assert [row[2] for row in rows[3:]] == ["Đoàn Thành phố tại Lào"]
    assert rows[3][7] == "Lào" and rows[3][10].date() == dt.date(2017, 5, 2)


def test_an_export_reads_back_through_the_import(client_for, world, register):
    """The export has the template's columns: importing it finds every row already in the register."""
    from giaoban.delegations import services

    response = client_for(world.secretariat).get(reverse("delegations:delegation-export"))
    result = services.delegation_import(
        actor=world.secretariat, file=io.BytesIO(b"".join(response.streaming_content)), dry_run=True
    )
    assert result.rows == 2
    assert {error.code for error in result.errors} == {"duplicate_existing"}


# --- Issue 14: kinds, localities, participants, past delegations, reported totals -------------------


def test_the_secretariat_registers_a_joint_border_meeting_with_its_locality(world, client_for):
    other_province = OrganisationFactory(name="UBND tỉnh Cao Bằng")
    data = _form_data(
        lead_unit=world.unit.pk,
        kind="border",
        level="province",
        localities=["CN-GX"],
        participants=[other_province.pk, world.other_unit.pk],
    )
    response = client_for(world.secretariat).post(reverse("delegations:delegation-create"), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    delegation = Delegation.objects.get()
    assert (delegation.kind, delegation.level, delegation.locality_codes) == ("border", "province", "CN-GX")
    html = _html(client_for(world.other_officer).get(delegation.get_absolute_url()))
    assert "Quảng Tây" in html and "UBND tỉnh Cao Bằng" in html
    assert "Hội đàm, gặp gỡ tại cửa khẩu, mốc biên giới" in html


def test_a_past_delegation_is_entered_on_the_page_with_its_report(world, client_for):
    data = _form_data(
        lead_unit=world.unit.pk,
        historical="on",
        status=Status.REPORTED,
        report_text="Đã hoàn thành chương trình.",
        report_date="2017-03-20",
    )
    response = client_for(world.secretariat).post(reverse("delegations:delegation-create"), data)
    assert response.status_code == 302
    delegation = Delegation.objects.get()
    assert (delegation.status, delegation.historical, delegation.report_text) == (
        Status.REPORTED,
        True,
        "Đã hoàn thành chương trình.",
    )


def test_a_current_delegation_cannot_be_entered_as_reported(world, client_for):
    data = _form_data(lead_unit=world.unit.pk, status=Status.REPORTED)
    html = _html(client_for(world.secretariat).post(reverse("delegations:delegation-create"), data))
    assert "Chỉ đoàn đã qua nhập bổ sung mới được ghi trạng thái đã báo cáo hoặc đã hủy." in html
    assert not Delegation.objects.exists()


def test_a_unit_officer_reports_a_total_on_the_page_and_the_stats_show_it(world, client_for):
    client = client_for(world.officer)
    data = {
        "unit": world.unit.pk,
        "date_from": "2017-01-01",
        "date_to": "2017-06-30",
        "direction": "inbound",
        "kind": "visit",
        "level": "",
        "category": "tourism",
        "delegations": 293,
        "people": "",
        "notes": "Khách du lịch qua cửa khẩu",
    }
    response = client.post(reverse("delegations:reported-total-create"), data)
    assert response.status_code == 302
    html = _html(client.get(response["Location"]))
    assert 'id="reported-totals"' in html
    assert "293 đoàn khách du lịch quốc tế" in html
    # Not for another unit.
    html = _html(
        client.post(reverse("delegations:reported-total-create"), {**data, "unit": world.other_unit.pk})
    )
    assert 'name="unit"' in html


def test_the_country_picker_puts_the_neighbours_first_and_filters_without_accents(client_for, world):
    import re

    html = _html(client_for(world.secretariat).get(reverse("delegations:delegation-create")))
    select = html[html.index('name="countries"') : html.index("</select>", html.index('name="countries"'))]
    codes = re.findall(r'<option value="([A-Z]{2})"', select)
    assert codes[:3] == ["CN", "LA", "KH"] and len(codes) > 200
    # The filter box (static giaoban/picker.js) reads each option's key: no accents, code included.
    korea = re.search(r'<option value="KR"[^>]*data-search="([^"]+)"', select).group(1)
    assert "han quoc" in korea and korea.endswith(" kr")
