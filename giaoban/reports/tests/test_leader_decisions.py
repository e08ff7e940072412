"""Issue 15, item 3: a leader decides on the committee report with its context in front of them (the
units' coverage, the changes since the version the leader last decided on) and may return it with
comments instead of approving; the secretariat sees the comments, edits and resubmits."""

from __future__ import annotations

import datetime as dt
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from giaoban.api.testing import bearer
from giaoban.core.services import EditConflict
from giaoban.reports import selectors, services
from giaoban.reports.models import CommitteeReport, ReportEvent, ReportEventKind, ReportState
from giaoban.reports.tests.factories import fill, make_report, make_request, submission_of, submit_and_accept

pytestmark = pytest.mark.django_db

D = dt.date
API = "/api/v1"
COMMENT = "Bổ sung kết quả tiếp đoàn vào của Thành phố Lạng Sơn; nêu rõ hạn chế."


def _text(response) -> str:
    return unescape(response.content.decode())


def _url(name: str, report: CommitteeReport) -> str:
    return reverse(f"reports:{name}", args=[report.pk])


def _report(world) -> CommitteeReport:
    """The H1 2017 report over two units: Sở Ngoại vụ's submission accepted, the other unit's unsent."""
    request = make_request(world)
    own = fill(submission_of(request, world.unit), world.officer)
    submit_and_accept(own, world.officer, world.secretariat, day=D(2017, 7, 1))
    return make_report(world, request)


def _edit(world, report: CommitteeReport, text: str) -> CommitteeReport:
    current = selectors.report_current_version(report=report)
    sections = [dict(section) for section in current.sections]
    sections[0]["text"] = text
    return services.report_update(
        actor=world.secretariat, report=report, expected_version=report.version, sections=sections
    )


# --- Services ----------------------------------------------------------------------------------------


def test_a_leader_returns_a_report_with_a_required_comment(world):
    report = _report(world)
    with pytest.raises(ValidationError) as error:
        services.report_return(
            actor=world.leader, report=report, comment="  ", expected_version=report.version
        )
    assert "comment" in error.value.message_dict
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT  # nothing changed
    with pytest.raises(EditConflict):
        services.report_return(actor=world.leader, report=report, comment=COMMENT, expected_version=99)

    returned = services.report_return(
        actor=world.leader, report=report, comment=COMMENT, expected_version=report.version
    )
    assert returned.state == ReportState.RETURNED and returned.number is None
    event = ReportEvent.objects.get(report=report)
    assert (event.kind, event.actor, event.comment, event.version_number) == (
        ReportEventKind.RETURNED,
        world.leader,
        COMMENT,
        1,
    )
    assert report.history.first().history_change_reason.startswith("Trả lại: Bổ sung")
    # A returned report is neither approved nor returned again before it comes back.
    with pytest.raises(ValidationError):
        services.report_approve(actor=world.leader, report=report)
    with pytest.raises(ValidationError):
        services.report_return(actor=world.leader, report=report, comment=COMMENT)


def test_the_secretariat_edits_and_resubmits_a_returned_report(world):
    report = _report(world)
    with pytest.raises(ValidationError):
        services.report_resubmit(actor=world.secretariat, report=report)  # not returned
    report = services.report_return(actor=world.leader, report=report, comment=COMMENT)
    report = _edit(world, report, "Đã bổ sung kết quả tiếp đoàn vào.")
    report = services.report_resubmit(
        actor=world.secretariat, report=report, note="Đã sửa theo ý kiến", expected_version=report.version
    )
    assert report.state == ReportState.DRAFT
    kinds = list(ReportEvent.objects.filter(report=report).values_list("kind", "version_number"))
    assert kinds == [("returned", 1), ("resubmitted", 2)]
    approved = services.report_approve(actor=world.leader, report=report, date=D(2017, 7, 20))
    assert approved.is_approved
    assert ReportEvent.objects.filter(report=report, kind="approved", version_number=2).exists()


def test_the_approval_context_counts_units_and_diffs_since_the_version_the_leader_saw(world):
    report = _report(world)
    context = selectors.report_approval_context(report=report, today=D(2017, 7, 20))
    assert (context.expected, context.received, context.accepted, context.not_received) == (2, 1, 1, 1)
    assert [unit.pk for unit in context.missing_units] == [world.other_unit.pk]
    assert context.diff is None  # one version: nothing to compare

    report = _edit(world, report, "Bản sửa lần một.")
    context = selectors.report_approval_context(report=report)
    assert (context.baseline.number, context.current.number, context.baseline_seen) == (1, 2, False)

    report = services.report_return(actor=world.leader, report=report, comment=COMMENT)
    report = _edit(world, report, "Bản sửa lần hai, 30 đoàn.")
    report = _edit(world, report, "Bản sửa lần ba, 31 đoàn.")
    report = services.report_resubmit(actor=world.secretariat, report=report)
    context = selectors.report_approval_context(report=report)
    # Against version 2, the one the leader returned, not merely the previous one (3).
    assert (context.baseline.number, context.current.number, context.baseline_seen) == (2, 4, True)
    assert context.diff.changed and context.last_return.comment == COMMENT
    added = " ".join(line.text for line in context.diff.lines if line.op == "+")
    assert "31 đoàn" in added


def test_the_approval_context_without_a_request_has_no_coverage(world):
    from giaoban.reports.tests.factories import make_period

    report = services.report_create(actor=world.secretariat, period=make_period(world))
    context = selectors.report_approval_context(report=report)
    assert context.coverage is None and context.expected == 0 and context.missing_units == []


def test_the_approval_context_reads_in_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    report = _report(world)
    for n in range(5):
        report = _edit(world, report, f"Bản sửa {n}.")
    report = services.report_return(actor=world.leader, report=report, comment=COMMENT)
    with django_assert_max_num_queries(7):
        selectors.report_approval_context(report=report)


# --- Pages -------------------------------------------------------------------------------------------


def test_the_approval_page_shows_coverage_and_changes_and_offers_a_return(world, client_for):
    report = _report(world)
    report = _edit(world, report, "Kết quả mới: 30 đoàn.")
    leader = client_for(world.leader)
    page = _text(leader.get(report.get_absolute_url()))
    assert 'id="approval-context"' in page
    assert "Đã nhận báo cáo của 1/2 đơn vị; đã tiếp nhận 1/2." in page
    assert world.other_unit.name in page[page.index('id="approval-missing"') :]
    assert "So với phiên bản trước (phiên bản 1 → 2)." in page and "30 đoàn" in page
    # Two choices; approving (numbers and locks) is not the primary button.
    assert 'id="report-return-form"' in page and 'id="report-approve-form"' in page
    approve = page[page.index('id="report-approve-submit"') - 80 : page.index('id="report-approve-submit"')]
    assert "btn-primary" not in approve and "btn-success" not in approve
    confirm = _text(leader.get(_url("report-approve", report)))
    assert 'id="approval-context"' in confirm and 'id="report-return-link"' in confirm
    button = confirm[confirm.index('id="confirm-submit"') - 80 : confirm.index('id="confirm-submit"')]
    assert "btn-outline-success" in button and "btn-primary" not in button


def test_a_leader_returns_and_the_secretariat_sees_the_comment_and_resubmits(world, client_for):
    report = _report(world)
    assert client_for(world.secretariat).get(_url("report-return", report)).status_code == 403
    leader = client_for(world.leader)
    empty = leader.post(_url("report-return", report), {"version": report.version, "comment": ""})
    assert empty.status_code == 200 and "Trường này là bắt buộc" in _text(empty)
    response = leader.post(_url("report-return", report), {"version": report.version, "comment": COMMENT})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    leader_page = _text(leader.get(report.get_absolute_url()))
    assert 'id="report-approve-form"' not in leader_page  # waits for the resubmission
    assert leader.get(_url("report-resubmit", report)).status_code == 403

    secretariat = client_for(world.secretariat)
    page = _text(secretariat.get(report.get_absolute_url()))
    assert 'id="report-returned"' in page and COMMENT in page
    assert "Lãnh đạo trả lại" in page and 'id="report-events"' in page
    assert 'id="report-resubmit-link"' in page and 'id="report-edit-link"' in page
    _edit(world, report, "Đã bổ sung theo ý kiến.")
    report.refresh_from_db()
    response = secretariat.post(
        _url("report-resubmit", report), {"version": report.version, "note": "Đã sửa"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT

    page = _text(client_for(world.leader).get(report.get_absolute_url()))
    assert 'id="report-approve-form"' in page
    assert "So với phiên bản 1 mà lãnh đạo đã xem khi quyết định lần trước (nay là phiên bản 2)." in page


def test_a_unit_officer_never_sees_returns(world, client_for):
    report = _report(world)
    services.report_return(actor=world.leader, report=report, comment=COMMENT)
    assert client_for(world.officer).get(report.get_absolute_url()).status_code == 404
    assert client_for(world.officer).get(_url("report-return", report)).status_code == 404


# --- API ---------------------------------------------------------------------------------------------


def _send(client, url: str, user, body: dict):
    return client.post(f"{API}{url}", body, content_type="application/json", headers=bearer(user))


def test_the_api_returns_resubmits_and_approves(client, world):
    report = _report(world)
    url = f"/reports/{report.pk}"
    assert (
        _send(
            client, f"{url}/return", world.secretariat, {"version": report.version, "comment": "x"}
        ).status_code
        == 403
    )
    missing = _send(client, f"{url}/return", world.leader, {"comment": COMMENT})
    assert missing.status_code == 422 and "version" in str(missing.json())
    no_comment = _send(client, f"{url}/return", world.leader, {"version": report.version})
    assert no_comment.status_code == 422 and "comment" in str(no_comment.json())
    stale = _send(client, f"{url}/return", world.leader, {"version": 99, "comment": COMMENT})
    assert stale.status_code == 409
    body = _send(
        client, f"{url}/return", world.leader, {"version": report.version, "comment": COMMENT}
    ).json()
    assert body["state"] == "returned" and body["events"][-1]["comment"] == COMMENT
    assert body["events"][-1]["kind"] == "returned"

    detail = client.get(f"{API}{url}", headers=bearer(world.secretariat)).json()
    assert detail["events"][-1]["comment"] == COMMENT
    approve = _send(client, f"{url}/approve", world.leader, {"version": body["version"]})
    assert approve.status_code == 403  # returned: waits for the resubmission
    body = _send(
        client, f"{url}/resubmit", world.secretariat, {"version": body["version"], "note": "Đã sửa"}
    ).json()
    assert body["state"] == "draft" and [e["kind"] for e in body["events"]] == ["returned", "resubmitted"]
    body = _send(
        client, f"{url}/approve", world.leader, {"version": body["version"], "date": "2017-07-20"}
    ).json()
    assert body["state"] == "approved" and body["symbol"].startswith("01/BC-")


def test_the_api_approval_context(client, world):
    report = _report(world)
    report = _edit(world, report, "Kết quả mới: 30 đoàn.")
    url = f"{API}/reports/{report.pk}/approval-context"
    body = client.get(url, headers=bearer(world.leader)).json()
    assert body["coverage"]["expected"] == 2 and body["coverage"]["received"] == 1
    assert [unit["id"] for unit in body["coverage"]["missing_units"]] == [world.other_unit.pk]
    changes = body["changes"]
    assert (changes["from_version"], changes["to_version"], changes["since_leader_decision"]) == (1, 2, False)
    assert any(line["op"] == "+" and "30 đoàn" in line["text"] for line in changes["lines"])
    assert body["last_return"] is None
    assert client.get(url, headers=bearer(world.officer)).status_code == 404


def test_the_leader_page_query_count_does_not_grow_with_versions_or_returns(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    report = _report(world)

    def count() -> int:
        client = client_for(world.leader)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(report.get_absolute_url()).status_code == 200
        return len(captured)

    before = count()
    for n in range(3):
        report = _edit(world, report, f"Bản sửa {n}.")
        report = services.report_return(actor=world.leader, report=report, comment=f"Ý kiến {n}")
        report = services.report_resubmit(actor=world.secretariat, report=report)
    assert count() == before


def test_each_decision_tells_whoever_acts_next(world):
    from giaoban.notifications.models import Notification, NotificationKind

    def told(user, kind) -> list[str]:
        return list(Notification.objects.filter(recipient=user, kind=kind).values_list("note", flat=True))

    report = _report(world)
    assert told(world.leader, NotificationKind.REPORT_AWAITING_APPROVAL) == [""]
    report = services.report_return(actor=world.leader, report=report, comment=COMMENT)
    assert told(world.secretariat, NotificationKind.REPORT_RETURNED) == [COMMENT]
    report = services.report_resubmit(actor=world.secretariat, report=report, expected_version=report.version)
    assert len(told(world.leader, NotificationKind.REPORT_AWAITING_APPROVAL)) == 2
    services.report_approve(actor=world.leader, report=report, date=D(2017, 7, 20))
    assert len(told(world.secretariat, NotificationKind.REPORT_APPROVED)) == 1
