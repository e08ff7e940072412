"""Reporting records for tests, built through the services so they are what the app itself makes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from giaoban.reports import services
from giaoban.reports.models import CommitteeReport, ReportingPeriod, ReportRequest, ReportTemplate, Submission

SECTIONS = [
    {"heading": "I. Công tác lãnh đạo, chỉ đạo", "guidance": "Các văn bản đã ban hành.", "figures": ""},
    {"heading": "II. Hoạt động đối ngoại", "guidance": "Đoàn ra, đoàn vào.", "figures": "delegations"},
    {"heading": "III. Thực hiện nhiệm vụ", "guidance": "", "figures": "tasks"},
]
INDICATORS = [
    {"name": "Họp báo đã tổ chức", "unit_of_measure": "cuộc", "value_type": "integer", "source": ""},
    {
        "name": "Tin, bài cung cấp cho báo chí",
        "unit_of_measure": "tin, bài",
        "value_type": "integer",
        "source": "",
    },
    {"name": "Kinh phí", "unit_of_measure": "triệu đồng", "value_type": "decimal", "source": ""},
    {"name": "Số đoàn ra", "unit_of_measure": "", "value_type": "integer", "source": "delegations.outbound"},
]


def make_period(world, *, kind: str = "half_year", year: int = 2017, **kwargs: Any) -> ReportingPeriod:
    return services.period_create(
        actor=world.secretariat, committee=world.committee, kind=kind, year=year, **kwargs
    )


def make_template(world, **kwargs: Any) -> ReportTemplate:
    data = {"name": "Đề cương báo cáo 6 tháng", "sections": SECTIONS, "indicators": INDICATORS, **kwargs}
    return services.template_create(actor=world.secretariat, committee=world.committee, **data)


def make_request(world, *, period=None, template=None, units=None, **kwargs: Any) -> ReportRequest:
    period = period or make_period(world)
    return services.request_create(
        actor=world.secretariat,
        committee=world.committee,
        period=period,
        template=template or make_template(world),
        units=units if units is not None else [world.unit, world.other_unit],
        deadline=kwargs.pop("deadline", dt.date(2017, 7, 10)),
        sent_on=kwargs.pop("sent_on", dt.date(2017, 6, 15)),
        **kwargs,
    )


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def submission_of(request: ReportRequest, unit) -> Submission:
    return Submission.objects.get(request=request, unit=unit)


def fill(
    submission: Submission, actor, *, text: str = "Nội dung báo cáo.", values: dict | None = None
) -> Submission:
    """Every section's text and the entered indicators' values (by position: 1, 2, …)."""
    template = submission.request.template
    texts = {section.pk: f"{text} ({section.heading})" for section in template.sections.all()}
    entered = [i for i in template.indicators.order_by("position") if not i.is_computed]
    given = values or {}
    return services.submission_save(
        actor=actor,
        submission=submission,
        texts=texts,
        values={i.pk: given.get(i.position, i.position * 2) for i in entered},
    )


def submit_and_accept(submission: Submission, officer, secretariat, *, day: dt.date) -> Submission:
    services.submission_submit(actor=officer, submission=submission, at=at(day))
    return services.submission_accept(actor=secretariat, submission=submission, at=at(day, 15))


def make_report(world, request: ReportRequest, **kwargs: Any) -> CommitteeReport:
    return services.report_create(
        actor=world.secretariat,
        period=request.period,
        request=request,
        summary=kwargs.pop("summary", "Sơ kết công tác thông tin đối ngoại 6 tháng đầu năm 2017"),
        **kwargs,
    )
