"""A meeting as an iCalendar file (RFC 5545), for the participants' calendars.

Written by hand, it is a few lines: CRLF line endings; TEXT values escaped (backslash, semicolon,
comma, newline); lines longer than 75 octets folded, never inside a UTF-8 character; start and end in
local time with `TZID=Asia/Ho_Chi_Minh` and its VTIMEZONE (calendars show "8:00" whatever the reader's
own zone, and a participant abroad sees it converted). DTSTAMP equals LAST-MODIFIED (no METHOD: a
published calendar) and SEQUENCE follows the record's version, so a changed meeting replaces the copy in
a calendar. The UID stays the same whichever host name the file was fetched through; the URL is the
one the reader used.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from . import drafting, selectors
from .models import Meeting

CONTENT_TYPE = "text/calendar; charset=utf-8"
LINE_OCTETS = 75
DEFAULT_LENGTH = dt.timedelta(hours=2)


def escape_text(value: str) -> str:
    """RFC 5545, 3.3.11: backslash, semicolon and comma escaped; line breaks as \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """RFC 5545, 3.1: lines of at most 75 octets; a continuation line starts with one space."""
    if len(line.encode("utf-8")) <= LINE_OCTETS:
        return line
    parts: list[str] = []
    current, size, limit = [], 0, LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1
        current.append(char)
        size += octets
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(moment: dt.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def _offset(moment: dt.datetime) -> str:
    minutes = int(moment.utcoffset().total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def vtimezone(zone_name: str, moment: dt.datetime) -> list[str]:
    """The zone as one STANDARD rule with the offset in force at the meeting: exact for Viet Nam, which
    has kept UTC+7 without daylight saving since 1975 (the one zone the app is set up for)."""
    offset = _offset(moment)
    return [
        "BEGIN:VTIMEZONE",
        f"TZID:{zone_name}",
        "BEGIN:STANDARD",
        "DTSTART:19750613T000000",
        f"TZOFFSETFROM:{offset}",
        f"TZOFFSETTO:{offset}",
        f"TZNAME:{moment.tzname()}",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]


def meeting_times(meeting: Meeting) -> tuple[dt.datetime, dt.datetime]:
    """Start and end as aware datetimes in the site's time zone; without an end time the meeting lasts
    its agenda's minutes, or two hours."""
    zone = timezone.get_default_timezone()
    start = dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=zone)
    if meeting.end_time:
        return start, dt.datetime.combine(meeting.date, meeting.end_time, tzinfo=zone)
    minutes = sum(item.duration_minutes or 0 for item in selectors.agenda_list(meeting=meeting))
    return start, start + (dt.timedelta(minutes=minutes) if minutes else DEFAULT_LENGTH)


def _description(meeting: Meeting) -> str:
    lines = []
    if meeting.chair is not None:
        lines.append("Chủ trì: " + drafting.upper_first(drafting.chair_phrase(meeting)))
    agenda = list(selectors.agenda_list(meeting=meeting))
    if agenda:
        lines.append("Chương trình:")
        lines.extend(
            f"{item.position}. {item.clock_text + ' ' if item.clock_text else ''}{item.title}"
            for item in agenda
        )
    return "\n".join(lines)


def meeting_calendar(meeting: Meeting, *, base_url: str | None = None) -> str:
    """`base_url`: scheme and host the reader reached the app through (the request's); the configured
    GIAOBAN_SITE_URL when there is no request."""
    site = settings.GIAOBAN_SITE_URL.rstrip("/")
    host = urlsplit(site).hostname or "giaoban"
    zone_name = settings.TIME_ZONE
    start, end = meeting_times(meeting)
    changed = _utc(meeting.updated_at)
    properties = [
        ("UID", f"meeting-{meeting.pk}@{host}"),
        ("DTSTAMP", changed),
        ("LAST-MODIFIED", changed),
        ("SEQUENCE", str(max(meeting.version - 1, 0))),
        (f"DTSTART;TZID={zone_name}", _local(start)),
        (f"DTEND;TZID={zone_name}", _local(end)),
        ("SUMMARY", escape_text(meeting.title)),
    ]
    if meeting.venue:
        properties.append(("LOCATION", escape_text(meeting.venue)))
    description = _description(meeting)
    if description:
        properties.append(("DESCRIPTION", escape_text(description)))
    link = (base_url or site).rstrip("/") + meeting.get_absolute_url()
    properties += [("URL", link), ("STATUS", "CONFIRMED")]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Giao Ban//Hoi nghi//VI",
        "CALSCALE:GREGORIAN",
        *vtimezone(zone_name, start),
        "BEGIN:VEVENT",
        *(f"{name}:{value}" for name, value in properties),
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
