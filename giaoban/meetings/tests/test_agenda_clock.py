"""Issue #15, 4: the agenda's clock times, computed from the meeting's start and the items' durations, on
the page, in the API and the printed invitation; reordering or a new start time recomputes them."""

from __future__ import annotations

import datetime as dt

import pytest

from giaoban.api.testing import bearer, count_queries
from giaoban.core.tests.test_documents import body_paragraphs, parse
from giaoban.meetings import documents, selectors, services
from giaoban.meetings.models import agenda_clock
from giaoban.meetings.tests.factories import make_meeting

pytestmark = pytest.mark.django_db

API = "/api/v1"
T = dt.time


def _clocks(meeting) -> list[str]:
    return [item.clock_text for item in selectors.agenda_list(meeting=meeting)]


def _agenda(meeting, *durations):
    return [
        services.agenda_item_create(actor=None, meeting=meeting, title=f"Mục {n}", duration_minutes=minutes)
        for n, minutes in enumerate(durations, start=1)
    ]


@pytest.mark.parametrize(
    ("start", "before", "untimed", "duration", "expected"),
    [
        (T(8, 0), None, 0, 15, (T(8, 0), T(8, 15))),
        (T(8, 0), 45, 0, 30, (T(8, 45), T(9, 15))),
        (T(8, 0), 45, 0, None, (T(8, 45), None)),  # no duration: its start only
        (T(8, 0), 45, 1, 30, (None, None)),  # after an item without a duration: unknown
        (T(23, 30), 20, 0, 30, (T(23, 50), None)),  # ends past midnight: not given
        (T(23, 30), 40, 0, 10, (None, None)),
    ],
)
def test_the_clock_rule(start, before, untimed, duration, expected):
    assert agenda_clock(start, before, untimed, duration) == expected


def test_each_item_starts_when_the_one_before_ends_and_reordering_recomputes(world):
    meeting = make_meeting(world)
    first, second, third = _agenda(meeting, 15, 30, 10)
    assert _clocks(meeting) == ["08:00–08:15", "08:15–08:45", "08:45–08:55"]
    services.agenda_item_update(actor=None, item=third, position=1, expected_version=1)
    assert _clocks(meeting) == ["08:00–08:10", "08:10–08:25", "08:25–08:55"]
    assert [i.title for i in selectors.agenda_list(meeting=meeting)] == ["Mục 3", "Mục 1", "Mục 2"]
    services.agenda_item_delete(actor=None, item=first)
    assert _clocks(meeting) == ["08:00–08:10", "08:10–08:40"]
    services.meeting_update(actor=None, meeting=meeting, expected_version=1, start_time=T(13, 30))
    assert _clocks(selectors.meeting_get(user=world.secretariat, pk=meeting.pk)) == [
        "13:30–13:40",
        "13:40–14:10",
    ]


def test_an_item_without_a_duration_stops_the_clock(world):
    meeting = make_meeting(world)
    _agenda(meeting, 20, None, 15)
    assert _clocks(meeting) == ["08:00–08:20", "08:20–", ""]
    item = selectors.agenda_item_get(user=world.secretariat, pk=selectors.agenda_list(meeting=meeting)[2].pk)
    assert (item.starts_at, item.ends_at) == (None, None)


def test_the_page_shows_the_clock_times(world, client_for):
    meeting = make_meeting(world)
    _agenda(meeting, 15, 45)
    html = client_for(world.officer).get(meeting.get_absolute_url()).content.decode()
    assert '<td class="text-nowrap agenda-clock">08:00–08:15</td>' in html
    assert '<td class="text-nowrap agenda-clock">08:15–09:00</td>' in html


def test_the_api_gives_the_clock_times_in_the_list_the_item_and_after_a_write(world, client):
    meeting = make_meeting(world)
    _agenda(meeting, 15)
    headers = bearer(world.secretariat)
    created = client.post(
        f"{API}/meetings/{meeting.pk}/agenda",
        data={"title": "Khai mạc", "duration_minutes": 10, "position": 1},
        content_type="application/json",
        headers=headers,
    )
    assert created.status_code == 201, created.content
    assert (created.json()["starts_at"], created.json()["ends_at"], created.json()["clock"]) == (
        "08:00:00",
        "08:10:00",
        "08:00–08:10",
    )
    listed = client.get(f"{API}/meetings/{meeting.pk}/agenda", headers=headers).json()["items"]
    assert [(i["title"], i["clock"]) for i in listed] == [
        ("Khai mạc", "08:00–08:10"),
        ("Mục 1", "08:10–08:25"),
    ]
    moved = client.patch(
        f"{API}/agenda-items/{created.json()['id']}",
        data={"position": 2, "version": created.json()["version"]},
        content_type="application/json",
        headers=headers,
    )
    assert moved.status_code == 200 and moved.json()["clock"] == "08:15–08:25"
    second_page = client.get(f"{API}/meetings/{meeting.pk}/agenda?offset=1", headers=headers).json()
    assert [i["clock"] for i in second_page["items"]] == ["08:15–08:25"]  # the items before still count
    officer = client.get(f"{API}/agenda-items/{listed[1]['id']}", headers=bearer(world.officer)).json()
    assert officer["clock"] == "08:00–08:15"


def test_the_agenda_list_runs_the_same_queries_for_few_or_many_items(world, client):
    meeting = make_meeting(world)
    headers = bearer(world.secretariat)
    url = f"{API}/meetings/{meeting.pk}/agenda"
    _agenda(meeting, 10)
    client.get(url, headers=headers)  # the token's first use is recorded once
    few = count_queries(client, url, headers)
    _agenda(meeting, *range(5, 25))
    assert count_queries(client, url, headers) == few <= 8


def test_the_invitation_prints_the_clock_times_and_the_minutes_do_not(world):
    meeting = make_meeting(world)
    _agenda(meeting, 15, None)
    invitation = [
        p.text for p in body_paragraphs(parse(documents.render("invitation", meeting, None, "docx").content))
    ]
    assert "1. 08 giờ 00 – 08 giờ 15: Mục 1." in invitation
    assert "2. Từ 08 giờ 15: Mục 2." in invitation
    minutes = [
        p.text for p in body_paragraphs(parse(documents.render("minutes", meeting, None, "docx").content))
    ]
    assert "1. Mục 1." in minutes and "2. Mục 2." in minutes  # what happened, not the plan
    assert not any("08 giờ 15" in text for text in minutes)
