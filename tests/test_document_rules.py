"""The demo's invitation, conclusion notice, minutes and report pass the office's rules
(giaoban/core/tests/document_rules.py), the checker catches each rule broken, and each document is
rendered to PNG for a person to look at (var/document-pngs/; docs/ keeps the notice and the minutes).
Issue #16, "Done when"."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import struct
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from giaoban.core.documents import Paragraph, Signature, render_docx
from giaoban.core.testing import needs_libreoffice, render_pngs
from giaoban.core.tests.document_rules import violations
from giaoban.core.tests.test_documents import conclusion_notice

PNG_DIR = Path(settings.BASE_DIR) / "var" / "document-pngs"


@pytest.fixture(scope="module")
def demo_documents(django_db_setup, django_db_blocker) -> dict[str, bytes]:
    """The demo's four documents as DOCX, rendered once for the module."""
    from giaoban.core.permissions import Role
    from giaoban.meetings import documents as meeting_documents
    from giaoban.meetings.models import Meeting
    from giaoban.org.models import User
    from giaoban.reports import documents as report_documents
    from giaoban.reports.models import CommitteeReport

    files: dict[str, bytes] = {}
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", stdout=io.StringIO())
        meeting = Meeting.objects.get(date=dt.date(2017, 7, 26))
        for kind in ("invitation", "conclusion", "minutes"):
            files[kind] = meeting_documents.render(kind, meeting, meeting.conclusion, "docx").content
        report = CommitteeReport.objects.filter(request__isnull=False, period__end_date__month=6).get(
            period__start_date__year__lte=2017, period__end_date__year=2017
        )
        user = User.objects.filter(role=Role.SECRETARIAT, committees=report.committee).first()
        files["report"] = report_documents.render(report, "docx", user=user).content
        transaction.set_rollback(True)
    return files


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["invitation", "conclusion", "minutes", "report"])
def test_the_demo_documents_pass_the_rules(demo_documents, kind):
    assert violations(demo_documents[kind], kind=kind) == []


@pytest.mark.django_db
@needs_libreoffice
def test_each_demo_document_renders_to_pages_a_person_can_look_at(demo_documents):
    """Every page as PNG under var/document-pngs/ (the README shows the notice's and the minutes' first
    pages, copied to docs/)."""
    for kind, data in demo_documents.items():
        pages = render_pngs(data, PNG_DIR, kind)
        assert pages, kind
        width, height = struct.unpack(">II", pages[0].read_bytes()[16:24])
        assert round(height / width, 2) == round(297 / 210, 2), (kind, width, height)  # A4 portrait


# --- The checker catches what it checks ---------------------------------------------------------------


def _broken(**changes) -> bytes:
    return render_docx(conclusion_notice(**changes))


def test_a_made_up_notice_passes():
    assert violations(_broken(), kind="conclusion") == []


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Lãnh đạo Huyện Văn Lãng dự họp.", "administrative unit in lower case"),
        ("Giao Sở Ngoại vụ, Sở Nội vụ và Công an tỉnh và Báo Lạng Sơn thực hiện.", "list joined once"),
        ("Nhiệm vụ thử (dữ liệu mẫu).", "demo marker"),
        ("Kết quả quý 3 năm 2017 và sáu tháng đầu năm.", "period vocabulary"),
        ("Họp lúc 08 giờ 00 phút, thứ tư, ngày 26 tháng 7 năm 2017.", "weekday capitalised"),
    ],
)
def test_each_wording_rule_is_caught(text, rule):
    document = conclusion_notice()
    broken = dataclasses.replace(document, body=[*document.body, Paragraph(text)])
    found = violations(render_docx(broken), kind="conclusion")
    assert any(message.startswith(rule) for message in found), found


def test_a_layout_rule_and_a_closing_rule_are_caught():
    found = violations(_broken(number=None, recipients=["Như trên", "Văn phòng"]), kind="conclusion")
    assert any(message.startswith("number and symbol") for message in found), found
    assert any(message.startswith("“Nơi nhận” ends “- Lưu: VT") for message in found), found


def test_minutes_without_their_form_are_caught():
    document = conclusion_notice(type_name="BIÊN BẢN", type_code="BB", number=3)
    found = violations(render_docx(document), kind="minutes")
    for rule in ("minutes: “Thư ký:” missing", "minutes: THƯ KÝ signs left", "minutes: CHỦ TRÌ signs right"):
        assert any(message.startswith(rule) for message in found), (rule, found)
    signed = dataclasses.replace(
        document,
        signature=Signature(title="CHỦ TRÌ", name="Hoàng Văn Nghiệm"),
        countersignature=Signature(title="THƯ KÝ", name="Chu Thị Mai"),
    )
    found = violations(render_docx(signed), kind="minutes")
    assert not any("signs" in message for message in found), found
