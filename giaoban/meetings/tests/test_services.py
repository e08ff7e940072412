"""Meeting services: joint committees, the rules of periods and times, the agenda's order, invitees and
attendance, files checked by their content and stored once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from giaoban.core.forms import PERIOD_END_BEFORE_START
from giaoban.core.services import EditConflict
from giaoban.meetings import services
from giaoban.meetings.demo import _hall
from giaoban.meetings.models import Attendance, Meeting, MeetingFileKind
from giaoban.meetings.tests.factories import make_meeting
from giaoban.org.tests.factories import CommitteeFactory, PersonFactory

pytestmark = pytest.mark.django_db

D, T = dt.date, dt.time


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_joint_meeting_lists_its_host_among_its_committees(world):
    other = CommitteeFactory()
    meeting = make_meeting(world, committees=[other])
    assert set(meeting.committees.all()) == {world.committee, other}
    updated = services.meeting_update(
        actor=world.secretariat, meeting=meeting, expected_version=1, committees=[], venue="Phòng họp số 2"
    )
    assert list(updated.committees.all()) == [world.committee]  # the host stays
    assert updated.version == 2
    record = updated.history.latest()
    assert record.history_user == world.secretariat
    assert record.history_change_reason == f"Ban chỉ đạo dự họp: bớt {other.short_name}"
    with pytest.raises(EditConflict):
        services.meeting_update(actor=None, meeting=meeting, expected_version=1, venue="Khác")


def test_period_and_time_rules(world):
    with pytest.raises(ValidationError) as error:
        make_meeting(world, period_start=D(2017, 6, 30), period_end=D(2017, 1, 1), end_time=T(7, 0))
    assert error.value.message_dict == {
        "period_end": [str(PERIOD_END_BEFORE_START)],
        "end_time": [str(services.END_BEFORE_START)],
    }
    with pytest.raises(ValidationError) as error:
        make_meeting(world, period_end=None)
    assert error.value.message_dict == {"period_end": [str(services.PERIOD_INCOMPLETE)]}
    assert Meeting.objects.count() == 0


def test_text_is_stored_composed_and_trimmed(world):
    meeting = make_meeting(world, title="  Hội nghi\u0323   giao ban ", venue="Ha\u0300 Nội")
    assert meeting.title == "Hội nghị giao ban" and meeting.venue == "Hà Nội"
    assert Meeting.objects.search("hoi nghi").get() == meeting


def test_the_agenda_keeps_its_order(world):
    meeting = make_meeting(world)
    a = services.agenda_item_create(actor=None, meeting=meeting, title="Báo cáo", duration_minutes=30)
    b = services.agenda_item_create(actor=None, meeting=meeting, title="Thảo luận")
    c = services.agenda_item_create(actor=None, meeting=meeting, title="Khai mạc", position=1)

    def order():
        return [item.title for item in meeting.agenda_items.order_by("position")]

    assert order() == ["Khai mạc", "Báo cáo", "Thảo luận"]
    services.agenda_item_update(actor=None, item=b, position=2, expected_version=1)
    assert order() == ["Khai mạc", "Thảo luận", "Báo cáo"]
    services.agenda_item_delete(actor=None, item=c)
    assert [(i.position, i.title) for i in meeting.agenda_items.order_by("position")] == [
        (1, "Thảo luận"),
        (2, "Báo cáo"),
    ]
    a.refresh_from_db()
    assert a.duration_minutes == 30


def test_invitees_are_invited_once(world):
    meeting = make_meeting(world, invite=[])
    person = PersonFactory()
    added = services.invitees_add(
        actor=None, meeting=meeting, units=[world.unit, world.unit], persons=[person]
    )
    assert len(added) == 2
    again = services.invitees_add(actor=None, meeting=meeting, units=[world.unit, world.other_unit])
    assert [i.unit for i in again] == [world.other_unit]
    assert meeting.invitees.count() == 3
    with pytest.raises(ValidationError):
        services.invitees_add(actor=None, meeting=meeting)


def test_attendance_rules(world):
    invitee = make_meeting(world).invitees.get()
    with pytest.raises(ValidationError) as error:
        services.attendance_record(actor=None, invitee=invitee, attendance=Attendance.ABSENT)
    assert error.value.message_dict == {"absence_reason": [str(services.ABSENCE_NEEDS_REASON)]}
    with pytest.raises(ValidationError) as error:
        services.attendance_record(actor=None, invitee=invitee, attendance=Attendance.REPRESENTED)
    assert error.value.message_dict == {"represented_by": [str(services.REPRESENTATIVE_NEEDS_NAME)]}
    recorded = services.attendance_record(
        actor=world.secretariat,
        invitee=invitee,
        attendance=Attendance.REPRESENTED,
        absence_reason="Đi công tác",
        represented_by="Phó Giám đốc Sở",
        expected_version=1,
    )
    assert (recorded.attendance, recorded.version) == (Attendance.REPRESENTED, 2)
    present = services.attendance_record(
        actor=None, invitee=invitee, attendance=Attendance.PRESENT, represented_by="Giám đốc Sở"
    )
    assert present.absence_reason == ""  # present: no reason kept
    with pytest.raises(EditConflict):
        services.attendance_record(
            actor=None, invitee=invitee, attendance=Attendance.PRESENT, expected_version=1
        )


def test_photos_are_checked_by_content_and_stored_once(world):
    meeting = make_meeting(world)
    png = _hall("audience")
    first = services.meeting_file_add(
        actor=world.secretariat,
        meeting=meeting,
        kind=MeetingFileKind.PHOTO,
        upload=SimpleUploadedFile("../../anh dai bieu.txt", png, content_type="text/plain"),
        caption="Các đại biểu tham dự hội nghị",
    )
    second = services.meeting_file_add(
        actor=None,
        meeting=meeting,
        kind=MeetingFileKind.PHOTO,
        upload=SimpleUploadedFile("b.png", png),
        caption="Lần hai",
    )
    assert first.file.name == second.file.name and first.file.name.endswith(".png")
    assert (first.content_type, first.original_name) == ("image/png", "anh_dai_bieu.png")
    assert first.size == first.file.size  # the photo as re-encoded on upload
    assert first.uploaded_by == world.secretariat
    with pytest.raises(ValidationError) as error:
        services.meeting_file_add(
            actor=None,
            meeting=meeting,
            kind=MeetingFileKind.PHOTO,
            upload=SimpleUploadedFile("x.png", b"not a png"),
            caption="X",
        )
    assert "file" in error.value.message_dict
    with pytest.raises(ValidationError) as error:  # a photo is not a document
        services.meeting_file_add(
            actor=None,
            meeting=meeting,
            kind=MeetingFileKind.DOCUMENT,
            upload=SimpleUploadedFile("x.png", png),
            caption="X",
        )
    assert "file" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.meeting_file_add(
            actor=None,
            meeting=meeting,
            kind=MeetingFileKind.PHOTO,
            upload=SimpleUploadedFile("x.png", png),
            caption=" ",
        )
    assert error.value.message_dict == {"caption": [str(services.CAPTION_REQUIRED)]}
    services.meeting_file_delete(actor=None, file=first)
    assert meeting.files.count() == 1 and second.file.storage.exists(second.file.name)
