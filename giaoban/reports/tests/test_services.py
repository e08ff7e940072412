"""The submission's life, its lateness, the aggregate and the committee report's versions and approval."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from giaoban.core.services import EditConflict
from giaoban.delegations.tests.factories import DelegationFactory
from giaoban.org.tests.factories import OrganisationFactory
from giaoban.reports import selectors, services
from giaoban.reports.aggregate import build_aggregate, full_text
from giaoban.reports.models import IndicatorValue, SubmissionState
from giaoban.reports.tests.factories import (
    at,
    fill,
    make_report,
    make_request,
    make_template,
    submission_of,
    submit_and_accept,
)

D = dt.date


def test_life_of_a_submission_and_its_lateness(world):
    request = make_request(world, deadline=D(2017, 7, 10))
    own = submission_of(request, world.unit)
    status = selectors.request_status(request=request, today=D(2017, 7, 5))
    assert (status.total, status.submitted, status.missing, status.not_yet_due) == (2, 0, 0, 2)

    fill(own, world.officer)
    own = services.submission_submit(actor=world.officer, submission=own, at=at(D(2017, 7, 13)))
    status = selectors.request_status(request=request, today=D(2017, 7, 14))
    row = next(r for r in status.rows if r.submission.pk == own.pk)
    assert row.days_late == 3 and not row.is_missing
    assert (status.late, status.on_time, status.missing, status.awaiting_review) == (1, 0, 1, 1)
    other = next(r for r in status.rows if r.submission.unit == world.other_unit)
    assert other.is_missing and other.days_late == 4

    services.submission_return(
        actor=world.secretariat, submission=own, comment="Bổ sung số liệu họp báo.", at=at(D(2017, 7, 14))
    )
    own.refresh_from_db()
    assert own.state == SubmissionState.RETURNED and own.return_count == 1
    status = selectors.request_status(request=request, today=D(2017, 7, 15))
    assert (status.returned, status.late) == (1, 1)

    fill(own, world.officer, values={1: 5})
    services.submission_submit(actor=world.officer, submission=own, at=at(D(2017, 7, 16)))
    services.submission_accept(actor=world.secretariat, submission=own, at=at(D(2017, 7, 17)))
    own.refresh_from_db()
    # Lateness stays that of the first submission: 3 days, not 6.
    assert selectors.days_late(own, request.deadline) == 3
    status = selectors.request_status(request=request, today=D(2017, 7, 20))
    assert (status.accepted, status.late, status.returned, status.missing) == (1, 1, 0, 1)
    kinds = [event.kind for event in selectors.submission_events(submission=own)]
    assert kinds == ["submitted", "returned", "submitted", "accepted"]
    assert selectors.submission_events(submission=own)[1].comment == "Bổ sung số liệu họp báo."


def test_an_accepted_submission_changes_only_after_being_returned(world):
    request = make_request(world)
    own = fill(submission_of(request, world.unit), world.officer)
    submit_and_accept(own, world.officer, world.secretariat, day=D(2017, 7, 1))
    with pytest.raises(ValidationError):
        fill(own, world.officer, text="Sửa sau khi đã tiếp nhận")
    with pytest.raises(ValidationError):
        services.submission_submit(actor=world.officer, submission=own)
    with pytest.raises(ValidationError) as error:
        services.submission_return(actor=world.secretariat, submission=own, comment=" ")
    assert "comment" in error.value.message_dict
    services.submission_return(actor=world.secretariat, submission=own, comment="Sửa lại phần II.")
    fill(own, world.officer, text="Đã sửa")
    assert "Đã sửa" in next(iter(selectors.submission_texts(submission=own).values()))


def test_a_bad_value_names_the_indicator_and_saves_nothing(world):
    request = make_request(world)
    own = submission_of(request, world.unit)
    template = request.template
    first, second, decimal_one, computed = template.indicators.order_by("position")
    section = template.sections.order_by("position").first()
    for bad, message in (
        ("mười", "“Họp báo đã tổ chức”: “mười” không phải là số"),
        ("-1", "không được âm"),
        ("2,5", "cần nhập số nguyên"),
    ):
        with pytest.raises(ValidationError) as error:
            services.submission_save(
                actor=world.officer,
                submission=own,
                texts={section.pk: "Văn bản"},
                values={second.pk: "7", first.pk: bad},
            )
        assert message in " ".join(error.value.message_dict["values"])
        assert not IndicatorValue.objects.filter(submission=own).exists()
        assert selectors.submission_texts(submission=own) == {}
    with pytest.raises(ValidationError) as error:
        services.submission_save(actor=world.officer, submission=own, values={computed.pk: "3"})
    assert "do hệ thống tính" in str(error.value)
    saved = services.submission_save(
        actor=world.officer, submission=own, values={first.pk: "1.234", decimal_one.pk: "12,5"}
    )
    assert selectors.submission_values(submission=saved) == {
        first.pk: Decimal("1234.00"),
        decimal_one.pk: Decimal("12.50"),
    }


def test_a_stale_draft_save_is_refused(world):
    request = make_request(world)
    own = submission_of(request, world.unit)
    version = own.version
    fill(own, world.officer)
    with pytest.raises(EditConflict):
        services.submission_save(actor=world.officer, submission=own, expected_version=version, texts={})


def test_unit_officers_see_only_their_own_submissions(world):
    request = make_request(world)
    theirs = submission_of(request, world.other_unit)
    with pytest.raises(Http404):
        selectors.submission_get(user=world.officer, pk=theirs.pk)
    assert selectors.submission_get(user=world.other_officer, pk=theirs.pk) == theirs
    assert selectors.submission_get(user=world.secretariat, pk=theirs.pk) == theirs
    assert selectors.submission_get(user=world.leader, pk=theirs.pk) == theirs
    with pytest.raises(Http404):
        selectors.submission_get(user=world.admin, pk=theirs.pk)
    assert list(selectors.submission_list(user=world.officer)) == [submission_of(request, world.unit)]


def test_a_request_goes_only_to_member_units(world):
    stranger = OrganisationFactory(name="Sở không thuộc ban")
    with pytest.raises(ValidationError) as error:
        make_request(world, units=[world.unit, stranger])
    assert "Sở không thuộc ban" in str(error.value)
    with pytest.raises(ValidationError):
        make_request(world, units=[])


def test_a_template_in_use_is_frozen_and_copied_with_one_click(world):
    template = make_template(world)
    make_request(world, template=template)
    with pytest.raises(ValidationError):
        services.template_update(actor=world.secretariat, template=template, name="Đổi tên")
    copy = services.template_copy(actor=world.secretariat, template=template)
    assert copy.copied_from == template and copy.name == template.name
    assert [s.heading for s in copy.sections.order_by("position")] == [
        s.heading for s in template.sections.order_by("position")
    ]
    assert [(i.name, i.source) for i in copy.indicators.order_by("position")] == [
        (i.name, i.source) for i in template.indicators.order_by("position")
    ]
    assert selectors.latest_template(committee=world.committee) == template
    # A new request proposes the copy, the newest outline, not the one of the last request.
    assert selectors.newest_template(committee=world.committee) == copy


def test_the_aggregate_adds_up_accepted_submissions_only(world, django_assert_max_num_queries):
    DelegationFactory(
        lead_unit=world.unit, direction="outbound", country_codes="CN", start_date=D(2017, 3, 1)
    )
    request = make_request(world)
    own = fill(submission_of(request, world.unit), world.officer, values={1: 3, 2: 10, 3: "1,5"})
    submit_and_accept(own, world.officer, world.secretariat, day=D(2017, 7, 1))
    other = fill(submission_of(request, world.other_unit), world.other_officer, values={1: 4, 2: 20, 3: "2"})
    services.submission_submit(actor=world.other_officer, submission=other)  # sent, not accepted
    with django_assert_max_num_queries(20):
        aggregate = build_aggregate(user=world.secretariat, period=request.period, request=request)
    totals = {row.indicator.name: row.total for row in aggregate.indicators}
    assert totals["Họp báo đã tổ chức"] == 3 and totals["Tin, bài cung cấp cho báo chí"] == 10
    assert totals["Kinh phí"] == Decimal("1.5") and totals["Số đoàn ra"] == 1
    assert [unit for unit, _ in aggregate.annex_rows()] == [world.unit]
    assert aggregate.submissions["accepted"] == 1 and aggregate.submissions["submitted"] == 1
    sections = aggregate.draft_sections()
    assert sections[1]["text"].startswith("Cử 1 đoàn")
    assert f"- {world.unit.name}: Nội dung báo cáo." in sections[0]["text"]
    assert world.other_unit.name not in full_text(sections)


def test_report_versions_approval_lock_and_shared_number_series(world):
    request = make_request(world)
    report = make_report(world, request)
    first = selectors.report_current_version(report=report)
    assert first.number == 1 and first.figures["period"]["name"] == "6 tháng đầu năm 2017"
    sections = [dict(section) for section in first.sections]
    sections[0]["text"] = "Văn bản đã biên tập."
    report = services.report_update(
        actor=world.secretariat,
        report=report,
        expected_version=report.version,
        sections=sections,
        note="Biên tập",
    )
    assert selectors.report_current_version(report=report).number == 2
    with pytest.raises(EditConflict):
        services.report_update(actor=world.secretariat, report=report, expected_version=1, summary="Khác")
    # Same text again: no new version.
    services.report_update(actor=world.secretariat, report=report, sections=sections)
    assert selectors.report_versions(report=report).count() == 2

    from giaoban.core.counters import counter_next, document_series_key

    counter_next(document_series_key(world.committee.pk, 2017))  # a conclusion notice took no. 1
    report = services.report_approve(actor=world.leader, report=report, date=D(2017, 7, 20))
    assert report.is_approved and (report.number, report.year) == (2, 2017)
    with pytest.raises(ValidationError):
        services.report_update(actor=world.secretariat, report=report, sections=[])
    with pytest.raises(ValidationError):
        services.report_rebuild(actor=world.secretariat, report=report)
    with pytest.raises(ValidationError):
        services.report_reopen(actor=world.leader, report=report, reason="")
    report = services.report_reopen(actor=world.leader, report=report, reason="Bổ sung số liệu")
    assert not report.is_approved and report.number == 2
    with pytest.raises(ValidationError):
        make_report(world, request)


def test_reminders_go_to_units_that_have_not_sent(world, mailoutbox, django_capture_on_commit_callbacks):
    from giaoban.notifications.messages import notification_text
    from giaoban.notifications.models import Notification

    world.officer.email = "sngv@example.vn"
    world.officer.save()
    world.other_officer.email = "tpls@example.vn"
    world.other_officer.save()
    request = make_request(world, title="Báo cáo 6 tháng đầu năm 2017")
    done = fill(submission_of(request, world.other_unit), world.other_officer)
    services.submission_submit(actor=world.other_officer, submission=done)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.submission_remind(actor=world.secretariat, request=request) == 1
    (notification,) = Notification.objects.filter(kind="report_reminder")
    own = submission_of(request, world.unit)
    assert notification.recipient == world.officer and notification.link == own.get_absolute_url()
    assert (
        notification_text(notification)
        == "Đơn vị chưa gửi báo cáo “Báo cáo 6 tháng đầu năm 2017” (hạn gửi 10/7/2017)."
    )
    assert [mail.to for mail in mailoutbox] == [["sngv@example.vn"]]
    assert own.get_absolute_url() in mailoutbox[0].body
    assert [e.kind for e in selectors.submission_events(submission=own)] == ["reminded"]


def test_the_figures_are_the_committees_whoever_reads_them(world):
    """A unit officer reading an approved report gets the committee's totals, not their unit's share."""
    DelegationFactory(lead_unit=world.unit, countries=["CN"], start_date=D(2017, 3, 1))
    DelegationFactory(lead_unit=world.other_unit, countries=["LA"], start_date=D(2017, 4, 1))
    request = make_request(world)
    as_secretariat = build_aggregate(user=world.secretariat, period=request.period, request=request)
    as_officer = build_aggregate(user=world.officer, period=request.period, request=request)
    assert as_secretariat.figures_dict() == as_officer.figures_dict()
    assert as_officer.figures_dict()["delegations"]["outbound"] == 2
    assert as_officer.figures.by_unit[world.other_unit.pk]["delegations.outbound"] == 1


def test_an_approved_report_keeps_its_submissions_until_reopened(world):
    request = make_request(world)
    own = fill(submission_of(request, world.unit), world.officer)
    submit_and_accept(own, world.officer, world.secretariat, day=D(2017, 7, 1))
    other = fill(submission_of(request, world.other_unit), world.other_officer)
    services.submission_submit(actor=world.other_officer, submission=other)
    report = services.report_approve(
        actor=world.leader, report=make_report(world, request), date=D(2017, 7, 20)
    )
    for action in (
        lambda: services.submission_return(actor=world.secretariat, submission=own, comment="Sửa lại."),
        lambda: services.submission_accept(actor=world.secretariat, submission=other),
    ):
        with pytest.raises(ValidationError) as error:
            action()
        assert "lãnh đạo cần mở lại báo cáo" in str(error.value)
    assert submission_of(request, world.unit).state == "accepted"
    services.report_reopen(actor=world.leader, report=report, reason="Bổ sung báo cáo của đơn vị")
    services.submission_accept(actor=world.secretariat, submission=other)
    assert submission_of(request, world.other_unit).state == "accepted"


def test_an_approved_report_keeps_the_figures_it_was_approved_with(world):
    """Records changed after the approval (a delegation registered late) do not change the approved
    report's figures or annex; reopening it brings today's back."""
    from giaoban.reports.aggregate import report_aggregate

    DelegationFactory(lead_unit=world.unit, countries=["CN"], start_date=D(2017, 3, 1))
    request = make_request(world)
    own = fill(submission_of(request, world.unit), world.officer, values={1: 3})
    submit_and_accept(own, world.officer, world.secretariat, day=D(2017, 7, 1))
    report = services.report_approve(
        actor=world.leader, report=make_report(world, request), date=D(2017, 7, 20)
    )
    DelegationFactory(lead_unit=world.unit, countries=["LA"], start_date=D(2017, 5, 1))

    approved = report_aggregate(user=world.officer, report=report)
    assert approved.figures_dict()["delegations"]["outbound"] == 1
    assert approved.delegations_sentence.startswith("Cử 1 đoàn")
    outbound = next(row for row in approved.indicators if row.indicator.source == "delegations.outbound")
    assert outbound.total == 1 and outbound.by_unit == {world.unit.pk: 1}
    assert [(unit.pk, unit.name) for unit in approved.units] == [(world.unit.pk, world.unit.name)]
    assert approved.annex_rows()[0][1][0] == 3

    report = services.report_reopen(actor=world.leader, report=report, reason="Cập nhật số liệu")
    live = report_aggregate(user=world.secretariat, report=report)
    assert live.figures_dict()["delegations"]["outbound"] == 2
