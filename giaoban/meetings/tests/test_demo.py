"""The demo world's briefing of 26/7/2017: its notice takes over the tasks app's 13 key tasks, the news
brief opens with the article's sentence, and loading twice changes nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from giaoban.meetings import news, services
from giaoban.meetings.models import (
    CONCLUSION_SOURCE_KIND,
    AgendaItem,
    Attendance,
    Invitee,
    KeyTask,
    Meeting,
    MeetingFile,
    NoticeState,
)
from giaoban.org.models import User
from giaoban.tasks.models import ProgressUpdate, Task

pytestmark = pytest.mark.django_db

ARTICLE_LEAD = (
    "Sáng 26/7, đồng chí Hoàng Văn Nghiệm, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh, Trưởng Ban "
    "Chỉ đạo công tác thông tin đối ngoại và Ban Chỉ đạo 94 tỉnh chủ trì hội nghị giao ban 6 tháng đầu năm 2017."
)
CAPTIONS = [
    "Đồng chí Hoàng Văn Nghiệm, Phó Bí thư Thường trực Tỉnh ủy, Trưởng Ban Chỉ đạo công tác thông tin đối "
    "ngoại và Ban Chỉ đạo 94 tỉnh phát biểu chỉ đạo",
    "Các đại biểu tham dự hội nghị",
]


def _counts() -> list[int]:
    models = (Meeting, AgendaItem, Invitee, MeetingFile, KeyTask, Task, ProgressUpdate)
    return [model.objects.count() for model in models]


@pytest.fixture
def demo(db, demo_data):
    """The demo's joint briefing; the demo is loaded once for the module (conftest.py)."""
    return Meeting.objects.get(date=dt.date(2017, 7, 26))


def test_the_joint_briefing_of_26_july_2017(demo):
    meeting = demo
    assert [c.short_name for c in meeting.committees.order_by("pk")] == ["BCĐ TTĐN", "Ban Chỉ đạo 94"]
    assert meeting.committee.short_name == "BCĐ TTĐN"
    assert (meeting.start_time, meeting.period_start, meeting.period_end) == (
        dt.time(8, 0),
        dt.date(2017, 1, 1),
        dt.date(2017, 6, 30),
    )
    assert meeting.chair.full_name == "Hoàng Văn Nghiệm"
    assert meeting.agenda_items.count() == 6 and meeting.minutes
    attendance = {i.unit.name: i.attendance for i in meeting.invitees.select_related("unit")}
    assert attendance["Sở Ngoại vụ"] == attendance["Thành phố Lạng Sơn"] == Attendance.PRESENT
    assert attendance["Huyện Bình Gia"] == Attendance.ABSENT
    photos = meeting.files.order_by("pk")
    assert [photo.caption for photo in photos] == CAPTIONS
    assert all(photo.file.read(8) == b"\x89PNG\r\n\x1a\n" for photo in photos)


def test_the_notice_takes_over_the_13_existing_tasks(demo):
    notice = demo.conclusion
    assert notice.state == NoticeState.ISSUED
    assert (services.notice_symbol(notice), notice.date) == ("125-TB/BCĐ", dt.date(2017, 7, 26))
    key_tasks = list(notice.key_tasks.select_related("task").order_by("position"))
    assert [k.position for k in key_tasks] == list(range(1, 14))
    assert all(k.task.source_item == k.position and k.task.title == k.title for k in key_tasks)
    assert Task.objects.filter(source_kind=CONCLUSION_SOURCE_KIND, source_id=notice.pk).count() == 13
    # The tasks app's own tasks, with their progress: none was created for the notice.
    assert {k.task.code for k in key_tasks} == {f"NV-2017-{n:03d}" for n in range(1, 14)}
    assert ProgressUpdate.objects.filter(task__in=[k.task_id for k in key_tasks]).count() > 20


def test_no_official_text_of_the_demo_carries_a_demo_marker(demo):
    """Invented demo tasks are plausible, not labelled: their titles print in the notice (Decree 30 text)."""
    from docx import Document

    from giaoban.meetings import documents

    for kind in (documents.INVITATION, documents.CONCLUSION, documents.MINUTES):
        rendered = documents.render(kind, demo, demo.conclusion, "docx")
        text = "\n".join(p.text for p in Document(io.BytesIO(rendered.content)).paragraphs)
        assert text and "dữ liệu mẫu" not in text.casefold(), kind
    assert not Task.objects.filter(title__icontains="dữ liệu mẫu").exists()


def test_loading_the_demo_twice_changes_nothing(demo):
    first = _counts()
    call_command("demo", stdout=io.StringIO())
    assert _counts() == first


def test_the_news_brief_opens_with_the_article(demo):
    """The article's order: the lead, both committees' results with the figures typed in the notice,
    the limitations, the conclusion; the register's own count agrees with the typed figures."""
    user = User.objects.get(username="thuky")
    brief = news.news_brief(demo, user=user)
    lead, foreign_information, struggle, limitations, conclusion = brief.text.split("\n\n")
    assert lead == ARTICLE_LEAD
    assert foreign_information.startswith("Trong 6 tháng đầu năm, công tác thông tin đối ngoại")
    assert (
        "Cử 29 đoàn đi công tác" in foreign_information and "tổ chức đón tiếp 32 đoàn" in foreign_information
    )
    assert struggle.startswith("Công tác đấu tranh chống âm mưu, hoạt động “Diễn biến hòa bình”")
    assert limitations.startswith("Tuy nhiên, vẫn còn một số hạn chế như: quản lý, sử dụng Internet")
    assert news.delegations_sentence(demo, user=user) == (
        "Trong 6 tháng đầu năm 2017, cử 29 đoàn với 203 lượt người đi công tác, tham dự hội đàm, khảo sát, "
        "trao đổi kinh nghiệm, đào tạo, bồi dưỡng và giao lưu hữu nghị tại 12 quốc gia, vùng lãnh thổ; tổ chức "
        "đón tiếp 32 đoàn, 209 lượt người đến từ 9 quốc gia và vùng lãnh thổ đến thăm, làm việc."
    )
    assert "thực hiện tốt 13 nhiệm vụ trọng tâm mà hội nghị đề ra" in conclusion
