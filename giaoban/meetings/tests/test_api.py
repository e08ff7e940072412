"""The meetings API: same visibility as the pages, the secretariat's writes, documents and the news brief,
query counts of the lists."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest

from giaoban.api.testing import bearer, count_queries
from giaoban.core.testing import needs_libreoffice
from giaoban.meetings import services
from giaoban.meetings.models import Attendance, Meeting, NoticeState
from giaoban.meetings.tests.factories import make_meeting, make_notice
from giaoban.tasks.models import Task

pytestmark = pytest.mark.django_db

API = "/api/v1"
D = dt.date


def get(client, user, url):
    return client.get(API + url, headers=bearer(user))


def send(client, user, url, data=None, method="post"):
    return getattr(client, method)(
        API + url, data=data or {}, content_type="application/json", headers=bearer(user)
    )


def test_list_meetings_with_date_filters(world, client):
    make_meeting(world, title="Giao ban quý I", date=D(2017, 4, 12))
    make_meeting(world, title="Giao ban 6 tháng", date=D(2017, 7, 26))
    make_meeting(world, title="Giao ban 9 tháng", date=D(2017, 10, 20), invite=[world.other_unit])
    body = get(client, world.secretariat, "/meetings?date_from=2017-05-01&date_to=2017-12-31").json()
    assert [m["title"] for m in body["items"]] == ["Giao ban 9 tháng", "Giao ban 6 tháng"]
    assert body["items"][0]["committees"] == [
        {"id": world.committee.pk, "short_name": world.committee.short_name}
    ]
    assert (
        body["items"][1]["start_time"] == "08:00:00" and body["items"][1]["kind_label"] == "Giao ban 6 tháng"
    )
    officer = get(client, world.officer, "/meetings").json()
    assert [m["title"] for m in officer["items"]] == ["Giao ban 6 tháng", "Giao ban quý I"]
    reversed_range = get(client, world.secretariat, "/meetings?date_from=2017-05-01&date_to=2017-01-01")
    assert reversed_range.status_code == 422 and reversed_range.json()["errors"][0]["field"] == "date_to"
    assert (
        get(client, world.secretariat, f"/meetings?committee={world.other_committee.pk}").status_code == 404
    )


def test_the_lists_run_the_same_queries_for_few_or_many(world, client):
    headers = bearer(world.secretariat)
    make_meeting(world)
    urls = [API + "/meetings", API + "/conclusions"]
    client.get(urls[0], headers=headers)  # the token's first use is recorded once
    few = [count_queries(client, url, headers) for url in urls]
    for day in range(1, 12):
        meeting = make_meeting(world, date=D(2017, 8, day))
        make_notice(meeting, tasks=1)
    assert [count_queries(client, url, headers) for url in urls] == few
    assert max(few) <= 6


def test_a_unit_officer_gets_404_for_a_meeting_their_unit_is_not_invited_to(world, client):
    hidden = make_meeting(world, invite=[world.other_unit])
    services.conclusion_issue(actor=None, notice=make_notice(hidden, tasks=1))
    for url in (
        f"/meetings/{hidden.pk}",
        f"/meetings/{hidden.pk}/agenda",
        f"/meetings/{hidden.pk}/attendance",
        f"/meetings/{hidden.pk}/conclusion",
        f"/meetings/{hidden.pk}/documents/invitation.docx",
        f"/meetings/{hidden.pk}/news-brief",
        f"/conclusions/{hidden.conclusion.pk}",
    ):
        assert get(client, world.officer, url).status_code == 404, url


def test_the_secretariat_runs_a_meeting_through_the_api(world, client):
    user = world.secretariat
    created = send(
        client,
        user,
        "/meetings",
        {
            "committee": world.committee.pk,
            "kind": "semi_annual",
            "title": "Hội nghị giao ban 6 tháng đầu năm 2017",
            "date": "2017-07-26",
            "start_time": "08:00",
            "chair": world.unit_person.pk,
            "period_start": "2017-01-01",
            "period_end": "2017-06-30",
        },
    )
    assert created.status_code == 201, created.content
    meeting_id = created.json()["id"]
    item = send(
        client, user, f"/meetings/{meeting_id}/agenda", {"title": "Báo cáo kết quả", "duration_minutes": 30}
    )
    assert item.status_code == 201 and item.json()["position"] == 1
    invited = send(
        client, user, f"/meetings/{meeting_id}/attendance", {"units": [world.unit.pk, world.other_unit.pk]}
    )
    assert invited.status_code == 201 and len(invited.json()) == 2
    invitee = invited.json()[0]
    missing_reason = send(
        client,
        user,
        f"/attendance/{invitee['id']}",
        {"attendance": "absent", "version": invitee["version"]},
        method="patch",
    )
    assert (
        missing_reason.status_code == 422 and missing_reason.json()["errors"][0]["field"] == "absence_reason"
    )
    recorded = send(
        client,
        user,
        f"/attendance/{invitee['id']}",
        {"attendance": "present", "version": invitee["version"]},
        method="patch",
    )
    assert recorded.status_code == 200 and recorded.json()["attendance"] == Attendance.PRESENT
    stale = send(
        client, user, f"/attendance/{invitee['id']}", {"attendance": "present", "version": 1}, method="patch"
    )
    assert stale.status_code == 409

    notice = send(client, user, f"/meetings/{meeting_id}/conclusion", {"date": "2017-07-28"})
    assert notice.status_code == 201 and notice.json()["state"] == NoticeState.DRAFT
    notice_id = notice.json()["id"]
    for title, unit in (("Tập huấn người phát ngôn", world.unit), ("Rà soát trang tin", world.other_unit)):
        key_task = send(
            client,
            user,
            f"/conclusions/{notice_id}/key-tasks",
            {"title": title, "lead_unit": unit.pk, "deadline": "2017-09-30"},
        )
        assert key_task.status_code == 201, key_task.content
    issued = send(client, user, f"/conclusions/{notice_id}/issue", {"version": notice.json()["version"]})
    assert issued.status_code == 200, issued.content
    body = issued.json()
    assert (body["state"], body["symbol"]) == ("issued", "01/TB-BCĐ")
    assert [k["task_code"] for k in body["key_tasks"]] == ["NV-2017-001", "NV-2017-002"]
    first = body["key_tasks"][0]
    edited = send(
        client,
        user,
        f"/key-tasks/{first['id']}",
        {"version": first["version"], "recurring": True},
        method="patch",
    )
    assert edited.status_code == 200 and edited.json()["deadline"] is None
    assert Task.objects.get(pk=first["task_id"]).recurring and Task.objects.count() == 2
    reread = get(client, user, f"/conclusions/{notice_id}").json()
    again = send(client, user, f"/conclusions/{notice_id}/issue", {"version": reread["version"]})
    assert again.status_code == 200 and Task.objects.count() == 2
    assert send(client, user, f"/key-tasks/{first['id']}", method="delete").status_code == 422


def test_leaders_read_and_officers_may_not_write(world, client):
    meeting = make_meeting(world)
    assert get(client, world.leader, f"/meetings/{meeting.pk}").status_code == 200
    body = {"version": 1, "venue": "Khác"}
    assert send(client, world.leader, f"/meetings/{meeting.pk}", body, method="patch").status_code == 403
    assert send(client, world.officer, f"/meetings/{meeting.pk}", body, method="patch").status_code == 403
    invitee = meeting.invitees.get()
    assert (
        send(
            client, world.officer, f"/attendance/{invitee.pk}", {"attendance": "present"}, method="patch"
        ).status_code
        == 403
    )
    assert get(client, world.officer, f"/meetings/{meeting.pk}").json()["minutes"] == ""
    assert get(client, world.officer, f"/meetings/{meeting.pk}/news-brief").status_code == 403
    assert send(client, world.officer, "/meetings", {}).status_code == 403


def test_documents_and_the_news_brief(world, client):
    meeting = make_meeting(world)
    services.conclusion_issue(actor=None, notice=make_notice(meeting, tasks=2))
    response = get(client, world.officer, f"/meetings/{meeting.pk}/documents/conclusion.docx")
    assert response.status_code == 200
    assert (
        response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    texts = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert "THÔNG BÁO" in texts
    assert get(client, world.officer, f"/meetings/{meeting.pk}/documents/minutes.docx").status_code == 403
    brief = get(client, world.secretariat, f"/meetings/{meeting.pk}/news-brief").json()
    assert brief["text"].startswith(
        "Sáng 26/7, đồng chí Lê Thị Ngoại, Giám đốc Sở Ngoại vụ chủ trì hội nghị giao ban"
    )
    assert "thực hiện tốt 2 nhiệm vụ trọng tâm" in brief["text"]


@needs_libreoffice
def test_the_invitation_as_pdf(world, client):
    meeting = make_meeting(world)
    response = get(client, world.secretariat, f"/meetings/{meeting.pk}/documents/invitation.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"].endswith('.pdf"')


def test_a_pdf_without_libreoffice_answers_503(world, client, monkeypatch):
    from giaoban.core.documents import pdf as pdf_module

    monkeypatch.setattr(pdf_module, "find_soffice", lambda: None)
    meeting = make_meeting(world, title="Một hội nghị khác")
    response = get(client, world.secretariat, f"/meetings/{meeting.pk}/documents/minutes.pdf")
    assert response.status_code == 503 and "LibreOffice" in response.json()["detail"]
    assert Meeting.objects.count() == 1


def test_the_invitation_and_the_minutes_take_numbers_of_the_committee_series(world, client):
    """Issue #16, 1: both documents are numbered in the committee's one series (shared with its notices
    and reports), a number held by another document is refused naming it, the dates follow the meeting."""
    meeting = make_meeting(world, invitation_date=D(2017, 7, 19))
    url = f"/meetings/{meeting.pk}/documents"
    invitation = send(client, world.secretariat, f"{url}/invitation/number")
    assert invitation.status_code == 200, invitation.content
    assert invitation.json()["number"] == 1 and invitation.json()["date"] == "2017-07-19"
    assert invitation.json()["symbol"] == "Số: 01/GM-BCĐ"
    notice = services.conclusion_issue(actor=None, notice=make_notice(meeting, tasks=1))
    assert notice.number == 2  # the same series
    taken = send(client, world.secretariat, f"{url}/minutes/number", {"number": 2})
    assert taken.status_code == 422 and "thông báo kết luận" in taken.content.decode()
    early = send(client, world.secretariat, f"{url}/minutes/number", {"date": "2017-07-25"})
    assert early.status_code == 422 and "Biên bản không được lập trước ngày họp" in early.content.decode()
    minutes = send(client, world.secretariat, f"{url}/minutes/number").json()
    assert (minutes["number"], minutes["date"], minutes["symbol"]) == (3, "2017-07-26", "Số: 03/BB-BCĐ")
    again = send(client, world.secretariat, f"{url}/minutes/number").json()
    assert again["number"] == 3  # asked again: the number it holds
    assert send(client, world.officer, f"{url}/minutes/number").status_code in (403, 404)
    detail = get(client, world.secretariat, f"/meetings/{meeting.pk}").json()
    assert [(d["kind"], d["number"]) for d in detail["documents"]] == [("invitation", 1), ("minutes", 3)]
    document = docx.Document(io.BytesIO(get(client, world.secretariat, f"{url}/minutes.docx").content))
    assert "Số: 03/BB-BCĐ" in [p.text for t in document.tables for c in t._cells for p in c.paragraphs]


def test_the_recorded_content_and_conclusions_are_written_and_hidden_from_unit_officers(world, client):
    meeting = make_meeting(world)
    item = send(
        client,
        world.secretariat,
        f"/meetings/{meeting.pk}/agenda",
        {"title": "Báo cáo kết quả", "record": "Đồng chí Giám đốc trình bày báo cáo."},
    ).json()
    assert item["record"] == "Đồng chí Giám đốc trình bày báo cáo."
    version = get(client, world.secretariat, f"/meetings/{meeting.pk}").json()["version"]
    updated = send(
        client,
        world.secretariat,
        f"/meetings/{meeting.pk}",
        {"version": version, "minutes_conclusion": "Hội nghị thống nhất các nhiệm vụ."},
        method="patch",
    )
    assert (
        updated.status_code == 200
        and updated.json()["minutes_conclusion"] == "Hội nghị thống nhất các nhiệm vụ."
    )
    assert get(client, world.officer, f"/agenda-items/{item['id']}").json()["record"] == ""
    assert get(client, world.officer, f"/meetings/{meeting.pk}").json()["minutes_conclusion"] == ""
    text = documents_text(
        get(client, world.secretariat, f"/meetings/{meeting.pk}/documents/minutes.docx").content
    )
    assert "- Đồng chí Giám đốc trình bày báo cáo." in text and "Hội nghị thống nhất các nhiệm vụ." in text


def documents_text(content: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(content))
    return [p.text for p in document.paragraphs]
