"""Meeting pages through the test client, by role: who sees what, the secretariat's flow from a new meeting
to an issued notice, documents, the news brief, photos, query counts."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from giaoban.core.services import EDIT_CONFLICT
from giaoban.meetings import services
from giaoban.meetings import views as meeting_views
from giaoban.meetings.demo import _hall
from giaoban.meetings.models import Attendance, ConclusionNotice, Meeting, MeetingFileKind, NoticeState
from giaoban.meetings.tests.factories import make_meeting, make_notice
from giaoban.tasks.models import Task

pytestmark = pytest.mark.django_db

D, T = dt.date, dt.time


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(captured)


def _text(response) -> str:
    return response.content.decode()


def _routes(meeting, notice=None) -> list[str]:
    urls = [
        reverse("meetings:meeting-detail", args=[meeting.pk]),
        reverse("meetings:meeting-ics", args=[meeting.pk]),
        reverse("meetings:document-invitation-docx", args=[meeting.pk]),
    ]
    if notice is not None:
        urls.append(reverse("meetings:conclusion-detail", args=[notice.pk]))
    return urls


# --- Who sees what ---------------------------------------------------------------------------------------


def test_a_unit_officer_sees_the_meetings_their_unit_is_invited_to_and_nothing_else(world, client_for):
    invited = make_meeting(world, title="Hội nghị có Sở Ngoại vụ")
    notice = services.conclusion_issue(actor=None, notice=make_notice(invited, tasks=1))
    hidden = make_meeting(world, title="Hội nghị không mời Sở Ngoại vụ", invite=[world.other_unit])
    hidden_notice = services.conclusion_issue(actor=None, notice=make_notice(hidden, tasks=1))
    client = client_for(world.officer)
    listing = _text(client.get(reverse("meetings:meeting-list")))
    assert "Hội nghị có Sở Ngoại vụ" in listing and "không mời" not in listing
    for url in _routes(invited, notice):
        assert client.get(url).status_code == 200, url
    for url in _routes(hidden, hidden_notice):
        assert client.get(url).status_code == 404, url
    # The officer reads an issued notice but no minutes, no drafts, no news brief, and edits nothing.
    assert client.get(reverse("meetings:document-conclusion-docx", args=[invited.pk])).status_code == 200
    assert client.get(reverse("meetings:document-minutes-docx", args=[invited.pk])).status_code == 403
    assert client.get(reverse("meetings:news-brief", args=[invited.pk])).status_code == 403
    for name in ("meeting-update", "attendance", "agenda-create", "invitees-add", "minutes", "file-create"):
        assert client.get(reverse(f"meetings:{name}", args=[invited.pk])).status_code == 403, name


def test_a_draft_notice_stays_with_the_secretariat_and_leaders(world, client_for):
    meeting = make_meeting(world)
    notice = make_notice(meeting, tasks=1)
    officer = client_for(world.officer)
    assert officer.get(notice.get_absolute_url()).status_code == 404
    assert officer.get(reverse("meetings:document-conclusion-docx", args=[meeting.pk])).status_code == 404
    assert "Thông báo kết luận" in _text(officer.get(meeting.get_absolute_url()))
    leader = client_for(world.leader)
    assert leader.get(notice.get_absolute_url()).status_code == 200
    assert leader.get(reverse("meetings:conclusion-update", args=[notice.pk])).status_code == 403


def test_attendance_is_recorded_by_the_secretariat_only(world, client_for):
    meeting = make_meeting(world, invite=[world.unit, world.other_unit])
    url = reverse("meetings:attendance", args=[meeting.pk])
    assert client_for(world.leader).get(url).status_code == 403
    assert client_for(world.officer).post(url, {}).status_code == 403
    client = client_for(world.secretariat)
    assert client.get(url).status_code == 200
    unit, other = meeting.invitees.order_by("pk")
    data = {
        f"attendance-{unit.pk}": Attendance.PRESENT,
        f"by-{unit.pk}": "Lê Thị Ngoại, Giám đốc Sở",
        f"version-{unit.pk}": unit.version,
        f"attendance-{other.pk}": Attendance.ABSENT,
        f"reason-{other.pk}": "",
        f"version-{other.pk}": other.version,
    }
    response = client.post(url, data)
    assert response.status_code == 200 and str(services.ABSENCE_NEEDS_REASON) in _text(response)
    unit.refresh_from_db()
    assert unit.attendance == Attendance.UNKNOWN  # nothing saved while one row is wrong
    data[f"reason-{other.pk}"] = "Trùng lịch công tác"
    assert client.post(url, data).status_code == 302
    other.refresh_from_db()
    assert (other.attendance, other.absence_reason) == (Attendance.ABSENT, "Trùng lịch công tác")
    # A second editor with the old versions gets the conflict, nothing overwritten.
    response = client.post(
        url, {**data, f"attendance-{unit.pk}": Attendance.ABSENT, f"reason-{unit.pk}": "X"}
    )
    assert str(EDIT_CONFLICT) in _text(response)


def test_other_committees_and_the_system_admin_get_404(world, client_for):
    from giaoban.core.permissions import Role
    from giaoban.org.tests.factories import UserFactory

    meeting = make_meeting(world)
    stranger = UserFactory(role=Role.SECRETARIAT, committees=[world.other_committee])
    for user in (stranger, world.admin):
        client = client_for(user)
        assert client.get(meeting.get_absolute_url()).status_code == 404
        assert meeting.title not in _text(client.get(reverse("meetings:meeting-list")))


# --- The secretariat's flow ---------------------------------------------------------------------------


def test_from_a_new_meeting_to_an_issued_notice(world, client_for):
    client = client_for(world.secretariat)
    response = client.post(
        reverse("meetings:meeting-create"),
        {
            "committee": world.committee.pk,
            "committees": [world.committee.pk],
            "kind": "quarterly",
            "title": "",
            "date": "2017-04-12",
            "start_time": "14:00",
            "venue": "Phòng họp Ban Tuyên giáo",
            "chair": world.unit_person.pk,
            "period_start": "2017-01-01",
            "period_end": "2017-03-31",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.title == "Hội nghị giao ban quý I năm 2017"  # drafted from kind and period
    client.post(
        reverse("meetings:agenda-create", args=[meeting.pk]),
        {"title": "Báo cáo kết quả quý I", "duration_minutes": 30},
    )
    client.post(
        reverse("meetings:invitees-add", args=[meeting.pk]), {"units": [world.unit.pk, world.other_unit.pk]}
    )
    assert meeting.agenda_items.count() == 1 and meeting.invitees.count() == 2

    form = client.get(reverse("meetings:conclusion-create", args=[meeting.pk])).context["form"]
    assert form.initial["summary"] == "Kết luận của đồng chí chủ trì tại hội nghị giao ban quý I năm 2017"
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(signer=world.unit_person.pk, date="2017-04-14", assessment="Đạt nhiều kết quả.")
    response = client.post(reverse("meetings:conclusion-create", args=[meeting.pk]), data)
    notice = ConclusionNotice.objects.get()
    assert response.status_code == 302 and response["Location"] == notice.get_absolute_url()
    for title, unit in (
        ("Tập huấn người phát ngôn", world.unit),
        ("Rà soát trang thông tin điện tử", world.other_unit),
    ):
        response = client.post(
            reverse("meetings:key-task-create", args=[notice.pk]),
            {"title": title, "lead_unit": unit.pk, "deadline": "2017-09-30"},
        )
        assert response.status_code == 302, response.content[:2000]
    response = client.post(
        reverse("meetings:conclusion-issue", args=[notice.pk]),
        {"version": notice.version, "date": "2017-04-14"},
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.state == NoticeState.ISSUED and Task.objects.count() == 2
    page = _text(client.get(notice.get_absolute_url()))
    assert "Số 01/TB-BCĐ" in page and "NV-2017-001" in page

    key_task = notice.key_tasks.get(position=1)
    response = client.post(
        reverse("meetings:key-task-update", args=[key_task.pk]),
        {
            "title": "Tập huấn người phát ngôn các sở",
            "lead_unit": world.unit.pk,
            "deadline": "2017-10-31",
            "version": key_task.version,
        },
    )
    assert response.status_code == 302
    assert Task.objects.count() == 2
    assert Task.objects.get(pk=key_task.task_id).title == "Tập huấn người phát ngôn các sở"

    download = client.get(reverse("meetings:document-conclusion-docx", args=[meeting.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="thong-bao-01-tb-bcd-2017-04-14.docx"'
    texts = [p.text for p in docx.Document(io.BytesIO(download.content)).paragraphs]
    assert any(text.startswith("1. Tập huấn người phát ngôn các sở") for text in texts)


def test_pdf_links_only_where_libreoffice_is_installed(world, client_for, monkeypatch):
    meeting = make_meeting(world)
    client = client_for(world.secretariat)
    pdf = reverse("meetings:document-invitation-pdf", args=[meeting.pk])
    monkeypatch.setattr(meeting_views, "pdf_available", lambda: False)
    assert pdf not in _text(client.get(meeting.get_absolute_url()))
    monkeypatch.setattr(meeting_views, "pdf_available", lambda: True)
    assert pdf in _text(client.get(meeting.get_absolute_url()))


def test_a_missing_libreoffice_is_explained_not_a_server_error(world, client_for, monkeypatch):
    from giaoban.core.documents import pdf as pdf_module

    monkeypatch.setattr(pdf_module, "find_soffice", lambda: None)
    meeting = make_meeting(world)
    response = client_for(world.secretariat).get(
        reverse("meetings:document-minutes-pdf", args=[meeting.pk]), follow=True
    )
    assert "chưa cài LibreOffice" in _text(response)


def test_the_news_brief_is_drafted_edited_and_exported(world, client_for):
    meeting = make_meeting(world)
    client = client_for(world.secretariat)
    url = reverse("meetings:news-brief", args=[meeting.pk])
    page = client.get(url)
    assert (
        page.context["form"]
        .initial["text"]
        .startswith("Sáng 26/7, đồng chí Lê Thị Ngoại, Giám đốc Sở Ngoại vụ chủ trì")
    )
    assert "news_brief.js" in _text(page)
    edited = {"title": "Giao ban 6 tháng", "text": "Sáng 26/7, hội nghị đã diễn ra.\n\nĐoạn thứ hai."}
    text = client.post(url, {**edited, "export": "txt"})
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert text.content.decode() == "Giao ban 6 tháng\n\nSáng 26/7, hội nghị đã diễn ra.\n\nĐoạn thứ hai.\n"
    word = client.post(url, {**edited, "export": "docx"})
    assert [p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs] == [
        "Giao ban 6 tháng",
        "Sáng 26/7, hội nghị đã diễn ra.",
        "Đoạn thứ hai.",
    ]
    assert client_for(world.leader).get(url).status_code == 200


def test_photos_are_uploaded_shown_and_kept_inside(world, client_for):
    meeting = make_meeting(world)
    client = client_for(world.secretariat)
    response = client.post(
        reverse("meetings:file-create", args=[meeting.pk]),
        {
            "kind": MeetingFileKind.PHOTO,
            "caption": "Các đại biểu tham dự hội nghị",
            "file": SimpleUploadedFile("dai-bieu.png", _hall("audience"), content_type="image/png"),
        },
    )
    assert response.status_code == 302
    photo = meeting.files.get()
    page = _text(client.get(meeting.get_absolute_url()))
    assert f'<img src="{photo.get_absolute_url()}"' in page and "Các đại biểu tham dự hội nghị" in page
    shown = client_for(world.officer).get(photo.get_absolute_url())
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert shown["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert client_for(world.other_officer).get(photo.get_absolute_url()).status_code == 404
    response = client_for(world.secretariat).post(
        reverse("meetings:file-create", args=[meeting.pk]),
        {"kind": MeetingFileKind.PHOTO, "caption": "X", "file": SimpleUploadedFile("x.png", b"<script>")},
    )
    assert response.status_code == 200 and "Không nhận loại tệp này" in _text(response)


def test_the_calendar_shows_upcoming_meetings(world, client_for):
    today = timezone.localdate()
    make_meeting(world, title="Hội nghị đã qua", date=today - dt.timedelta(days=1))
    make_meeting(
        world,
        title="Hội nghị sắp tới",
        date=today + dt.timedelta(days=10),
        period_start=None,
        period_end=None,
    )
    page = _text(client_for(world.officer).get(reverse("meetings:calendar")))
    assert "Hội nghị sắp tới" in page and "Hội nghị đã qua" not in page


# --- Query counts ------------------------------------------------------------------------------------


def test_the_list_runs_the_same_queries_for_few_or_many_meetings(world, client_for):
    client = client_for(world.secretariat)
    url = reverse("meetings:meeting-list")
    make_meeting(world)
    few = _queries(client, url)
    for day in range(1, 15):
        make_meeting(world, date=D(2017, 8, day), chair=world.outsider_person)
    assert _queries(client, url) == few <= 12


def test_the_detail_page_query_count_is_bounded(world, client_for, django_assert_max_num_queries):
    meeting = make_meeting(world, invite=[world.unit, world.other_unit, world.standing_agency])
    for n in range(5):
        services.agenda_item_create(
            actor=None, meeting=meeting, title=f"Mục {n}", presenter=world.unit_person
        )
    services.conclusion_issue(actor=None, notice=make_notice(meeting, tasks=4))
    client = client_for(world.secretariat)
    with django_assert_max_num_queries(22):  # + the numbered invitation and minutes
        assert client.get(meeting.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(15):  # + the number series' order check
        assert client.get(meeting.conclusion.get_absolute_url()).status_code == 200


def test_the_secretariat_numbers_the_invitation_and_the_minutes_on_the_meeting_page(world, client_for):
    meeting = make_meeting(world, invitation_date=D(2017, 7, 19))
    client = client_for(world.secretariat)
    url = reverse("meetings:document-invitation-number", args=[meeting.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"number": "", "date": ""}, follow=True)
    assert "Đã cấp số 1." in response.content.decode()
    assert "(Số: 01/GM-BCĐ)" in response.content.decode()
    minutes_url = reverse("meetings:document-minutes-number", args=[meeting.pk])
    refused = client.post(minutes_url, {"number": "", "date": "2017-07-25"})
    assert (
        refused.status_code == 200
        and "Biên bản không được lập trước ngày họp (26/7/2017)." in refused.content.decode()
    )
    assert not meeting.issued_documents.filter(kind="minutes").exists()
    assert client_for(world.officer).get(minutes_url).status_code in (403, 404)


def test_the_minutes_page_and_the_agenda_form_keep_what_was_recorded(world, client_for):
    meeting = make_meeting(world)
    client = client_for(world.secretariat)
    response = client.post(
        reverse("meetings:agenda-create", args=[meeting.pk]),
        {"title": "Báo cáo kết quả", "record": "Sở Ngoại vụ báo cáo 29 đoàn ra."},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert meeting.agenda_items.get().record == "Sở Ngoại vụ báo cáo 29 đoàn ra."
    meeting.refresh_from_db()
    response = client.post(
        reverse("meetings:minutes", args=[meeting.pk]),
        {"version": meeting.version, "minutes": "", "minutes_conclusion": "Thống nhất 13 nhiệm vụ."},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_conclusion == "Thống nhất 13 nhiệm vụ."
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Sở Ngoại vụ báo cáo 29 đoàn ra." in page and "Thống nhất 13 nhiệm vụ." in page
    officer_page = client_for(world.officer).get(meeting.get_absolute_url()).content.decode()
    assert "Sở Ngoại vụ báo cáo 29 đoàn ra." not in officer_page  # the minutes stay with the secretariat
