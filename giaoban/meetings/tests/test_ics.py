"""The .ics file of a meeting (RFC 5545): CRLF lines, folding at 75 octets between characters, escaped
text, local times with their VTIMEZONE, a sequence that follows the record, links from the request's host."""

from __future__ import annotations

import datetime as dt

import pytest

from giaoban.meetings import ics, services
from giaoban.meetings.tests.factories import make_meeting

pytestmark = pytest.mark.django_db


def unfold(text: str) -> str:
    return text.replace("\r\n ", "")


def test_escape_text():
    assert ics.escape_text("a\\b; c, d\r\ne\nf") == "a\\\\b\\; c\\, d\\ne\\nf"


def test_folding_never_splits_a_character():
    line = "SUMMARY:" + "Hội nghị giao ban ban chỉ đạo công tác thông tin đối ngoại " * 4
    folded = ics.fold(line)
    physical = folded.split("\r\n")
    assert len(physical) > 2
    assert all(len(part.encode("utf-8")) <= 75 for part in physical)
    assert all(part.startswith(" ") for part in physical[1:])
    assert unfold(folded) == line
    assert ics.fold("SHORT:x") == "SHORT:x"


def test_a_meeting_as_an_event(world, client_for):
    meeting = make_meeting(world, end_time=dt.time(11, 30), venue="Hội trường; tầng 2, Tỉnh ủy")
    services.agenda_item_create(
        actor=None, meeting=meeting, title="Báo cáo kết quả 6 tháng", duration_minutes=30
    )
    response = client_for(world.officer).get(
        f"/meetings/{meeting.pk}/meeting.ics", HTTP_HOST="giaoban.langson.gov.vn", secure=True
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="hoi-nghi-{meeting.pk}.ics"'
    body = response.content.decode("utf-8")
    assert body.endswith("\r\n") and "\n" not in body.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    lines = unfold(body).split("\r\n")
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"] and lines[-2] == "END:VCALENDAR"
    assert "DTSTART;TZID=Asia/Ho_Chi_Minh:20170726T080000" in lines  # 8:00 in Hà Nội
    assert "DTEND;TZID=Asia/Ho_Chi_Minh:20170726T113000" in lines
    zone = lines[lines.index("BEGIN:VTIMEZONE") : lines.index("END:VTIMEZONE") + 1]
    assert "TZID:Asia/Ho_Chi_Minh" in zone
    assert "TZOFFSETFROM:+0700" in zone and "TZOFFSETTO:+0700" in zone
    assert lines.index("END:VTIMEZONE") < lines.index("BEGIN:VEVENT")
    assert f"UID:meeting-{meeting.pk}@127.0.0.1" in lines  # the same whichever host served it
    assert f"URL:https://giaoban.langson.gov.vn/meetings/{meeting.pk}/" in lines
    assert "SUMMARY:Hội nghị giao ban 6 tháng đầu năm 2017" in lines
    assert "LOCATION:Hội trường\\; tầng 2\\, Tỉnh ủy" in lines
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert "Chương trình:\\n1. 08:00–08:30 Báo cáo kết quả 6 tháng" in description  # with its clock time
    assert "SEQUENCE:0" in lines


def test_without_an_end_time_the_event_lasts_its_agenda(world):
    meeting = make_meeting(world)
    assert ics.meeting_times(meeting)[1] - ics.meeting_times(meeting)[0] == dt.timedelta(hours=2)
    services.agenda_item_create(actor=None, meeting=meeting, title="A", duration_minutes=45)
    services.agenda_item_create(actor=None, meeting=meeting, title="B", duration_minutes=50)
    start, end = ics.meeting_times(meeting)
    assert end - start == dt.timedelta(minutes=95)
    updated = services.meeting_update(actor=None, meeting=meeting, venue="Phòng họp khác")
    assert "SEQUENCE:1\r\n" in ics.meeting_calendar(updated)
