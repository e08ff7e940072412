"""From a pasted conclusion (or its DOCX, or an appendix table) to key tasks (issue 13 item 4): the API
proposes without writing; the page shows the proposals, the secretariat corrects and confirms, and they
become key tasks through the services, all or none."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from giaoban.api.testing import bearer
from giaoban.core.documents.reading import read_docx
from giaoban.meetings import conclusions
from giaoban.meetings.models import KeyTask
from giaoban.meetings.tests.factories import make_meeting, make_notice
from giaoban.org import services as org_services
from giaoban.org.models import OrganisationKind
from giaoban.org.tests.factories import OrganisationFactory
from giaoban.tasks import proposals

pytestmark = pytest.mark.django_db

D = dt.date
API = "/api/v1"
TEN_ITEMS = (
    Path(__file__).parents[2] / "tasks" / "tests" / "fixtures" / "conclusion_ten_items.txt"
).read_text(encoding="utf-8")
MORE_UNITS = [
    ("Công an tỉnh", "", OrganisationKind.ARMED_FORCES),
    ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "BCH Bộ đội Biên phòng tỉnh", OrganisationKind.ARMED_FORCES),
    ("Sở Thông tin và Truyền thông", "Sở TT&TT", OrganisationKind.DEPARTMENT),
    ("Báo Lạng Sơn", "", OrganisationKind.PRESS),
    ("Đài Phát thanh và Truyền hình tỉnh", "", OrganisationKind.PRESS),
    ("Ủy ban nhân dân huyện Cao Lộc", "UBND huyện Cao Lộc", OrganisationKind.LOCALITY),
    ("Sở Văn hóa, Thể thao và Du lịch", "", OrganisationKind.DEPARTMENT),
    ("Văn phòng UBND tỉnh", "", OrganisationKind.DEPARTMENT),
    ("Sở Tư pháp", "", OrganisationKind.DEPARTMENT),
]


@pytest.fixture
def notice(world):
    units = [OrganisationFactory(name=name, short_name=short, kind=kind) for name, short, kind in MORE_UNITS]
    committee = world.committee
    org_services.committee_update(
        actor=None, committee=committee, member_units=[*committee.member_units.all(), *units]
    )
    return make_notice(make_meeting(world), tasks=0)


def _units(notice) -> dict[str, int]:
    return {unit.name: unit.pk for unit in notice.committee.member_units.all()}


def test_the_api_proposes_the_ten_tasks_without_writing(world, client, notice):
    url = f"{API}/conclusions/{notice.pk}/key-tasks/propose"
    response = client.post(
        url, {"text": TEN_ITEMS}, content_type="application/json", headers=bearer(world.secretariat)
    )
    assert response.status_code == 200, response.content
    body = response.json()
    units = _units(notice)
    assert len(body) == 10 and not KeyTask.objects.exists()
    first = body[0]
    assert first["lead"] == {
        "text": "Sở Ngoại vụ",
        "status": "matched",
        "organisation": {"id": world.unit.pk, "name": "Sở Ngoại vụ", "short_name": ""},
    }
    assert [c["organisation"]["id"] for c in first["coordinating"]] == [
        units["Công an tỉnh"],
        units["Bộ Chỉ huy Bộ đội Biên phòng tỉnh"],
    ]
    assert (first["deadline_wording"], first["deadline"], first["deadline_kind"]) == (
        "hoàn thành trước ngày 15/10/2017",
        "2017-10-14",
        "before",
    )
    assert [item["lead"]["organisation"]["name"] for item in body] == [
        "Sở Ngoại vụ",
        "Sở Thông tin và Truyền thông",
        "Báo Lạng Sơn",
        "Công an tỉnh",
        "Sở Ngoại vụ",
        "Ủy ban nhân dân huyện Cao Lộc",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Văn phòng UBND tỉnh",
        "Sở Ngoại vụ",
        "Sở Tư pháp",
    ]
    assert body[5]["addressed"] == ["các cơ quan liên quan"]

    nothing = client.post(
        url,
        {"text": "Hội nghị đã đánh giá."},
        content_type="application/json",
        headers=bearer(world.secretariat),
    )
    assert nothing.status_code == 422
    assert [(e["field"], e["message"]) for e in nothing.json()["errors"]] == [
        ("text", str(proposals.NO_ITEMS))
    ]
    officer = client.post(
        url, {"text": TEN_ITEMS}, content_type="application/json", headers=bearer(world.officer)
    )
    assert officer.status_code in (403, 404)


def _confirm_data(formset) -> dict[str, object]:
    """The proposals' form as the browser posts it, as shown."""
    data: dict[str, object] = {"confirm": "1"}
    management = formset.management_form
    for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
        data[f"{formset.prefix}-{name}"] = management[name].value()
    for form in formset.forms:
        values = {name: form[name].value() for name in form.fields}
        for name, value in values.items():
            key = f"{form.prefix}-{name}"
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, list):
                data[key] = [getattr(v, "pk", v) for v in value]
            elif value is not None:
                data[key] = getattr(value, "pk", value)
    return data


def test_the_page_turns_the_pasted_conclusion_into_key_tasks(world, client_for, notice):
    client = client_for(world.secretariat)
    url = reverse("meetings:key-task-propose", args=[notice.pk])
    assert client.get(url).status_code == 200
    shown = client.post(url, {"text": TEN_ITEMS})
    assert shown.status_code == 200
    formset = shown.context["formset"]
    assert len(formset.forms) == 10 and not KeyTask.objects.exists()
    assert str(proposals.SEVERAL_ADDRESSED) in shown.content.decode()
    # The secretariat leaves out item 10 and corrects item 3's lead.
    units = _units(notice)
    data = _confirm_data(formset)
    data.pop("items-9-include")
    data["items-2-lead_unit"] = units["Đài Phát thanh và Truyền hình tỉnh"]
    data.pop("items-2-coordinating_units", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["formset"].errors if response.context else response
    assert response["Location"] == notice.get_absolute_url()
    key_tasks = list(notice.key_tasks.select_related("lead_unit").order_by("position"))
    assert len(key_tasks) == 9
    first = key_tasks[0]
    assert (
        first.title
        == "Tổ chức tốt các hoạt động đối ngoại biên giới nhân dịp kỷ niệm 30 năm Ngày tái lập tỉnh"
    )
    assert first.lead_unit == world.unit
    assert sorted(u.name for u in first.coordinating_units.all()) == [
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
        "Công an tỉnh",
    ]
    assert (first.deadline_wording, first.deadline) == ("hoàn thành trước ngày 15/10/2017", D(2017, 10, 14))
    assert first.description.startswith("Sở Ngoại vụ chủ trì")
    third = key_tasks[2]
    assert third.lead_unit.name == "Đài Phát thanh và Truyền hình tỉnh" and third.recurring
    assert not third.coordinating_units.exists()
    urgent = key_tasks[3]
    assert (urgent.deadline_wording, urgent.deadline) == ("khẩn trương", D(2017, 8, 4))  # 7 days after 28/7


def test_a_refusal_names_its_row_and_adds_nothing(world, client_for, notice):
    client = client_for(world.secretariat)
    url = reverse("meetings:key-task-propose", args=[notice.pk])
    formset = client.post(
        url,
        {
            "text": "1. Sở Ngoại vụ tổng kết; thời hạn: tháng 12/2017.\n2. Công an tỉnh rà soát; thời hạn: tháng 12/2017."
        },
    ).context["formset"]
    data = _confirm_data(formset)
    data["items-1-deadline"] = "2017-07-01"
    data["items-1-deadline_wording"] = ""
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["formset"].non_form_errors()
    assert errors == [
        str(
            conclusions.ISSUE_ITEM_ERROR
            % {
                "number": 2,
                "message": conclusions.DEADLINE_BEFORE_MEETING
                % {"deadline": "1/7/2017", "date": "26/7/2017"},
            }
        )
    ]
    assert not KeyTask.objects.exists()
    none = _confirm_data(formset)
    for key in [k for k in none if k.endswith("-include")]:
        del none[key]
    assert (
        str(client.post(url, none).context["formset"].non_form_errors()[0])
        == "Chọn ít nhất một nhiệm vụ để thêm."
    )


def _docx(paragraphs=(), table=None, numbered=()) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        paragraph = document.add_paragraph(text)
        if text in numbered:  # Word's own numbering: the "1." is not in the text
            properties = paragraph._p.get_or_add_pPr()
            numbering = OxmlElement("w:numPr")
            level, number = OxmlElement("w:ilvl"), OxmlElement("w:numId")
            level.set(qn("w:val"), "0")
            number.set(qn("w:val"), "7")
            numbering.extend([level, number])
            properties.append(numbering)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_numbering_is_read_back_as_markers():
    content = read_docx(
        io.BytesIO(
            _docx(
                ["Kết luận:", "Tổ chức hội nghị", "Rà soát quy chế"],
                numbered=("Tổ chức hội nghị", "Rà soát quy chế"),
            )
        )
    )
    assert content.lines == ["Kết luận:", "1. Tổ chức hội nghị", "2. Rà soát quy chế"]


def test_a_docx_of_the_notice_or_its_appendix_table(world, client_for, notice):
    client = client_for(world.secretariat)
    url = reverse("meetings:key-task-propose", args=[notice.pk])
    paragraphs = _docx(TEN_ITEMS.splitlines())
    shown = client.post(url, {"file": SimpleUploadedFile("tb.docx", paragraphs)})
    assert len(shown.context["formset"].forms) == 10
    appendix = _docx(
        ["PHỤ LỤC", "Danh mục nhiệm vụ"],
        table=[
            ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"],
            ["1", "Tập huấn người phát ngôn", "Sở TT&TT", "Sở Ngoại vụ", "Quý III/2017"],
            ["2", "Sơ kết Chỉ thị 15", "Sở Ngoại vụ", "", "Thường xuyên"],
        ],
    )
    forms = client.post(url, {"file": SimpleUploadedFile("pl.docx", appendix)}).context["formset"].forms
    assert [f.initial["title"] for f in forms] == ["Tập huấn người phát ngôn", "Sơ kết Chỉ thị 15"]
    assert forms[0].initial["lead_unit"].name == "Sở Thông tin và Truyền thông"
    assert forms[0].initial["deadline"] == D(2017, 9, 30) and forms[1].initial["recurring"]
    not_docx = client.post(url, {"file": SimpleUploadedFile("x.docx", b"%PDF-1.4 not a docx")})
    assert not_docx.status_code == 200 and not_docx.context["form"].errors["file"]
    assert client_for(world.officer).get(url).status_code in (403, 404)
