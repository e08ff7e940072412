"""The demo world's H1 2017 reporting cycle: the request's on-time, late, returned and missing units, the
committee report with the article's figures, totals that add up, and loading twice changes nothing."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from decimal import Decimal

import docx
import pytest
from django.core.management import call_command

from giaoban.org.models import User
from giaoban.reports import demo as reports_demo
from giaoban.reports import documents
from giaoban.reports.aggregate import full_text, report_aggregate
from giaoban.reports.models import (
    CommitteeReport,
    Indicator,
    IndicatorValue,
    ReportingPeriod,
    ReportRequest,
    ReportState,
    ReportTemplate,
    ReportVersion,
    SectionText,
    Submission,
    SubmissionEvent,
    SubmissionEventKind,
    SubmissionState,
    TemplateSection,
)
from giaoban.reports.selectors import report_current_version, request_status

pytestmark = pytest.mark.django_db

DELEGATIONS_SENTENCE = (
    "Cử 29 đoàn với 203 lượt người đi công tác, tham dự hội đàm, khảo sát, trao đổi kinh nghiệm, đào tạo, bồi "
    "dưỡng và giao lưu hữu nghị tại 12 quốc gia, vùng lãnh thổ; tổ chức đón tiếp 32 đoàn, 209 lượt người đến "
    "từ 9 quốc gia và vùng lãnh thổ đến thăm, làm việc."
)


@pytest.fixture
def demo(db, demo_data):
    """The demo's H1 2017 report; the demo is loaded once for the module (conftest.py)."""
    return CommitteeReport.objects.select_related("period", "request", "committee", "signer").get(
        summary=reports_demo.SUMMARY
    )


@pytest.fixture
def secretariat(demo):
    return User.objects.get(username="thuky")


def _counts() -> list[int]:
    models = (
        ReportingPeriod,
        ReportTemplate,
        TemplateSection,
        Indicator,
        ReportRequest,
        Submission,
        SectionText,
        IndicatorValue,
        SubmissionEvent,
        CommitteeReport,
        ReportVersion,
    )
    return [model.objects.count() for model in models]


def test_the_request_of_h1_2017(demo):
    request = demo.request
    period = demo.period
    assert (period.name, period.start_date, period.end_date) == (
        "6 tháng đầu năm 2017",
        dt.date(2017, 1, 1),
        dt.date(2017, 6, 30),
    )
    assert request.deadline == dt.date(2017, 7, 10)
    assert request.template.name == reports_demo.TEMPLATE_NAME
    assert request.template.sections.count() == len(reports_demo.SECTIONS)
    computed = set(request.template.indicators.exclude(source="").values_list("source", flat=True))
    assert computed == {
        "delegations.outbound",
        "delegations.outbound_countries",
        "delegations.inbound",
        "delegations.inbound_countries",
        "tasks.completed_on_time",
        "tasks.completed_late",
        "tasks.open_on_time",
        "tasks.open_overdue",
    }
    assert request.template.indicators.filter(source="").count() == 6
    # Every member unit of the committee was asked.
    assert set(request.submissions.values_list("unit", flat=True)) == set(
        demo.committee.member_units.values_list("pk", flat=True)
    )


def test_on_time_late_returned_and_missing(demo):
    request = demo.request
    status = request_status(request=request, today=dt.date(2017, 7, 20))
    assert (status.total, status.on_time, status.late, status.missing) == (23, 18, 4, 1)
    assert (status.accepted, status.returned, status.awaiting_review, status.not_yet_due) == (22, 0, 0, 0)
    late = {row.submission.unit.name: row.days_late for row in status.rows if row.days_late}
    assert late == {
        "Bộ Chỉ huy Quân sự tỉnh": 1,
        "Huyện Đình Lập": 2,
        "Huyện Tràng Định": 3,
        "Huyện Bắc Sơn": 4,
        "Huyện Bình Gia": 10,  # never sent: as of 20/7/2017
    }
    missing = Submission.objects.get(request=request, unit__name="Huyện Bình Gia")
    assert (missing.state, missing.first_submitted_at) == (SubmissionState.DRAFT, None)
    # Thành phố Lạng Sơn: sent on time, returned with a comment, sent again, accepted.
    returned = Submission.objects.get(request=request, return_count__gt=0)
    assert returned.unit.name == "Thành phố Lạng Sơn"
    assert returned.return_count == 1 and returned.state == SubmissionState.ACCEPTED
    events = list(returned.events.order_by("at", "pk").values_list("kind", "comment"))
    assert [kind for kind, _comment in events] == [
        SubmissionEventKind.SUBMITTED,
        SubmissionEventKind.RETURNED,
        SubmissionEventKind.SUBMITTED,
        SubmissionEventKind.ACCEPTED,
    ]
    assert events[1][1] == reports_demo.RETURN_COMMENT
    # Every time is in 2017, so the pages read the same whenever the demo is loaded.
    sent = Submission.objects.filter(request=request).exclude(first_submitted_at=None)
    assert {s.first_submitted_at.year for s in sent} == {2017}
    assert all(s.accepted_at and s.accepted_at > s.submitted_at for s in sent)


def test_the_report_text_has_the_article_figures_and_the_tasks_sentence(demo, secretariat):
    assert demo.state == ReportState.APPROVED and demo.date == dt.date(2017, 7, 20)
    assert demo.signer.full_name == "Hoàng Văn Nghiệm"
    assert (demo.signing_prefix, demo.signer_title) == ("TM.", "Trưởng ban")
    version = report_current_version(report=demo)
    assert version.number == 2
    text = full_text(version.sections)
    assert text.startswith("Thực hiện Kế hoạch số 05/KH-BCĐ")
    aggregate = report_aggregate(user=secretariat, report=demo)
    assert aggregate.delegations_sentence == DELEGATIONS_SENTENCE
    assert aggregate.delegations_sentence in text
    assert aggregate.tasks_sentence in text
    figures = aggregate.figures_dict()["delegations"]
    assert (
        figures["outbound"],
        figures["outbound_countries"],
        figures["inbound"],
        figures["inbound_countries"],
    ) == (
        29,
        12,
        32,
        9,
    )
    # The approved DOCX reads the same: number, date and both sentences.
    rendered = documents.render(demo, "docx", user=secretariat)
    paragraphs = [p.text for p in docx.Document(io.BytesIO(rendered.content)).paragraphs]
    assert aggregate.delegations_sentence in paragraphs
    assert aggregate.tasks_sentence in " ".join(paragraphs)
    assert rendered.filename.endswith("-2017-07-20.docx")
    # Version 1 is the aggregate's draft: the units' own texts under each heading.
    first = ReportVersion.objects.get(report=demo, number=1)
    assert "- Sở Ngoại vụ: " in full_text(first.sections)


def test_indicator_totals_are_the_sums_of_the_accepted_submissions(demo, secretariat):
    aggregate = report_aggregate(user=secretariat, report=demo)
    sums: dict[int, Decimal] = defaultdict(Decimal)
    for indicator_id, value in IndicatorValue.objects.filter(
        submission__request=demo.request, submission__state=SubmissionState.ACCEPTED
    ).values_list("indicator_id", "value"):
        sums[indicator_id] += value or 0
    entered = [row for row in aggregate.indicators if not row.is_computed]
    assert len(entered) == 6
    for row in entered:
        assert row.total == sums[row.indicator.pk], row.indicator.name
    by_name = {row.indicator.name: row.total for row in entered}
    # The demo's figures, excluding Bình Gia's, which never came.
    expected = [
        sum(values[i] for name, values in reports_demo.VALUES.items() if name != "Huyện Bình Gia")
        for i in range(6)
    ]
    assert [by_name[name] for _key, name, _unit, source in reports_demo.INDICATORS if not source] == expected
    computed = {row.indicator.source: row.total for row in aggregate.indicators if row.is_computed}
    assert (
        computed["delegations.outbound"],
        computed["delegations.outbound_countries"],
        computed["delegations.inbound"],
        computed["delegations.inbound_countries"],
    ) == (29, 12, 32, 9)
    # The edited text quotes the same totals.
    text = full_text(report_current_version(report=demo).sections)
    assert f"phát hành {expected[2]} ấn phẩm" in text


def test_loading_the_demo_twice_changes_nothing(demo):
    first = _counts()
    versions = list(ReportVersion.objects.values_list("pk", "number"))
    call_command("demo", stdout=io.StringIO())
    assert _counts() == first
    assert list(ReportVersion.objects.values_list("pk", "number")) == versions
