"""A report round as the secretariat runs it: required sections, a request withdrawn, "chưa mở" against
"đang soạn", the unit's computed figures in view while it writes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from giaoban.core.services import EditConflict
from giaoban.delegations.tests.factories import DelegationFactory
from giaoban.reports import selectors, services
from giaoban.reports.models import ReportRequest, ReportTemplate, SubmissionState
from giaoban.reports.tests.factories import (
    SECTIONS,
    at,
    fill,
    make_report,
    make_request,
    make_template,
    submission_of,
)
from giaoban.reports.tests.test_api import get, send

D = dt.date


def _text(response) -> str:
    return response.content.decode()


def _required_template(world):
    """Section I required, II and III not."""
    return make_template(world, sections=[{**SECTIONS[0], "required": True}, *SECTIONS[1:]])


def _write(submission, officer, texts_by_position: dict[int, str]):
    sections = {s.position: s.pk for s in submission.request.template.sections.all()}
    return services.submission_save(
        actor=officer,
        submission=submission,
        texts={sections[position]: text for position, text in texts_by_position.items()},
    )


# --- Required sections ---------------------------------------------------------------------------------


def test_an_empty_required_section_is_named_and_sent_only_when_confirmed(world):
    request = make_request(world, template=_required_template(world))
    own = _write(submission_of(request, world.unit), world.officer, {2: "Đón 2 đoàn."})
    with pytest.raises(ValidationError) as error:
        services.submission_submit(actor=world.officer, submission=own, at=at(D(2017, 7, 1)))
    message = error.value.message_dict["texts"][0]
    assert "“I. Công tác lãnh đạo, chỉ đạo”" in message and "II." not in message
    own.refresh_from_db()
    assert own.state == SubmissionState.DRAFT and own.first_submitted_at is None

    sent = services.submission_submit(
        actor=world.officer, submission=own, confirm_empty=True, at=at(D(2017, 7, 1))
    )
    assert sent.state == SubmissionState.SUBMITTED


def test_optional_sections_may_stay_empty_and_a_written_required_one_passes(world):
    request = make_request(world, template=_required_template(world))
    own = _write(submission_of(request, world.unit), world.officer, {1: "Ban hành kế hoạch số 12."})
    assert services.empty_required_sections(own) == []
    assert services.submission_submit(actor=world.officer, submission=own).state == SubmissionState.SUBMITTED


def test_the_outline_form_marks_sections_required_and_a_copy_keeps_the_marks(world, client_for):
    client = client_for(world.secretariat)
    data = {
        "committee": world.committee.pk,
        "name": "Đề cương 6 tháng",
        "sections-TOTAL_FORMS": 3,
        "sections-INITIAL_FORMS": 0,
        "sections-0-heading": "I. Kết quả",
        "sections-0-required": "on",
        "sections-0-ORDER": 1,
        "sections-1-heading": "II. Kiến nghị",
        "sections-1-ORDER": 2,
        # A blank extra row, its "Bắt buộc" box left as the page ticks it: still blank, not an error.
        "sections-2-required": "on",
        "indicators-TOTAL_FORMS": 0,
        "indicators-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("reports:template-create"), data)
    assert response.status_code == 302, _text(response)
    template = ReportTemplate.objects.get(name="Đề cương 6 tháng")
    assert [(s.heading, s.required) for s in template.sections.order_by("position")] == [
        ("I. Kết quả", True),
        ("II. Kiến nghị", False),
    ]
    assert "không bắt buộc" in _text(client.get(template.get_absolute_url()))
    copy = services.template_copy(actor=world.secretariat, template=template)
    assert [s.required for s in copy.sections.order_by("position")] == [True, False]


def test_the_page_asks_for_confirmation_and_then_sends(world, client_for):
    request = make_request(world, template=_required_template(world))
    own = submission_of(request, world.unit)
    sections = list(request.template.sections.order_by("position"))
    client = client_for(world.officer)
    url = reverse("reports:submission-edit", args=[own.pk])
    post = {"version": own.version, f"section-{sections[1].pk}": "Đón 2 đoàn.", "submit": "1"}
    response = client.post(url, post)
    page = _text(response)
    assert response.status_code == 200
    assert "Còn để trống đề mục bắt buộc" in page and 'id="confirm-empty"' in page
    own.refresh_from_db()
    # Refused as a whole: neither sent nor half-saved, the text still in the form.
    assert own.state == SubmissionState.DRAFT and own.last_saved_at is None and "Đón 2 đoàn." in page

    response = client.post(url, {**post, "confirm_empty": "on"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.state == SubmissionState.SUBMITTED


@pytest.mark.django_db
def test_the_api_refuses_then_accepts_with_confirm_empty(client, world):
    request = make_request(world, template=_required_template(world))
    own = submission_of(request, world.unit)
    url = f"/report-submissions/{own.pk}/submit"
    refused = send(client, "post", url, world.officer, {"version": own.version})
    assert refused.status_code == 422 and "I. Công tác lãnh đạo, chỉ đạo" in str(refused.json())
    template = get(client, f"/report-templates/{request.template_id}", world.officer).json()
    assert [s["required"] for s in template["sections"]] == [True, False, False]
    sent = send(client, "post", url, world.officer, {"version": own.version, "confirm_empty": True})
    assert sent.status_code == 200 and sent.json()["state"] == "submitted"


# --- Withdrawing a request -----------------------------------------------------------------------------


def test_a_withdrawn_request_closes_its_submissions_and_stops_counting_late(world):
    request = make_request(world, deadline=D(2017, 7, 10))
    own = fill(submission_of(request, world.unit), world.officer)
    with pytest.raises(ValidationError) as error:
        services.request_withdraw(actor=world.secretariat, request=request, reason="  ")
    assert "reason" in error.value.message_dict
    with pytest.raises(EditConflict):
        services.request_withdraw(
            actor=world.secretariat, request=request, reason="Gửi nhầm đề cương.", expected_version=99
        )
    withdrawn = services.request_withdraw(
        actor=world.secretariat,
        request=request,
        reason="Gửi nhầm đề cương.",
        expected_version=request.version,
        at=at(D(2017, 7, 5)),
    )
    assert withdrawn.is_withdrawn and withdrawn.withdrawn_by == world.secretariat
    assert withdrawn.history.first().history_change_reason == "Rút đề nghị báo cáo"

    own.refresh_from_db()
    assert not own.is_editable
    for attempt in (
        lambda: fill(own, world.officer),
        lambda: services.submission_submit(actor=world.officer, submission=own, confirm_empty=True),
        lambda: services.submission_remind(actor=world.secretariat, request=withdrawn),
        lambda: services.request_withdraw(actor=world.secretariat, request=withdrawn, reason="Lần hai"),
        lambda: make_report(world, withdrawn),
    ):
        with pytest.raises(ValidationError) as error:
            attempt()
        assert "rút" in str(error.value)
    status = selectors.request_status(request=withdrawn, today=D(2017, 8, 1))
    assert (status.missing, status.late) == (0, 0)
    # The next outline proposed is not the withdrawn request's.
    assert selectors.latest_template(committee=world.committee) is not None


def test_a_request_with_a_committee_report_cannot_be_withdrawn(world):
    request = make_request(world)
    make_report(world, request)
    with pytest.raises(ValidationError) as error:
        services.request_withdraw(actor=world.secretariat, request=request, reason="Gửi nhầm.")
    assert "báo cáo của Ban Chỉ đạo" in str(error.value)
    request.refresh_from_db()
    assert not request.is_withdrawn


def test_the_secretariat_withdraws_from_the_request_page(world, client_for):
    request = make_request(world)
    withdraw_url = reverse("reports:request-withdraw", args=[request.pk])
    assert withdraw_url not in _text(client_for(world.officer).get(request.get_absolute_url()))
    assert client_for(world.officer).get(withdraw_url).status_code == 403
    client = client_for(world.secretariat)
    page = _text(client.get(request.get_absolute_url()))
    assert withdraw_url in page and 'class="btn btn-outline-danger"' in page

    response = client.post(withdraw_url, {"version": request.version, "reason": ""})
    assert response.status_code == 200 and "Cần ghi lý do rút đề nghị báo cáo." in _text(response)
    response = client.post(withdraw_url, {"version": request.version, "reason": "Gửi nhầm kỳ báo cáo."})
    assert response.status_code == 302
    page = _text(client.get(request.get_absolute_url()))
    assert 'id="request-withdrawn"' in page and "Gửi nhầm kỳ báo cáo." in page
    assert withdraw_url not in page and reverse("reports:request-remind", args=[request.pk]) not in page
    assert "Đã rút" in _text(client_for(world.officer).get(reverse("reports:request-list")))


@pytest.mark.django_db
def test_the_api_withdraws_a_request(client, world):
    request = make_request(world)
    url = f"/report-requests/{request.pk}/withdraw"
    assert send(client, "post", url, world.officer, {"version": 1, "reason": "x"}).status_code == 403
    missing = send(client, "post", url, world.secretariat, {"reason": "Gửi nhầm."})
    assert missing.status_code == 422 and "version" in str(missing.json())
    stale = send(client, "post", url, world.secretariat, {"version": 99, "reason": "Gửi nhầm."})
    assert stale.status_code == 409
    done = send(client, "post", url, world.secretariat, {"version": request.version, "reason": "Gửi nhầm."})
    assert done.status_code == 200
    assert done.json()["withdrawn_at"] and done.json()["withdrawal_reason"] == "Gửi nhầm."
    again = send(client, "post", url, world.secretariat, {"version": request.version + 1, "reason": "Lại."})
    assert again.status_code == 422 and "đã được rút" in str(again.json())
    assert ReportRequest.objects.get(pk=request.pk).withdrawal_reason == "Gửi nhầm."


# --- "Chưa mở" and the computed figures ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_draft_nobody_opened_reads_chua_mo_until_written(client, world, client_for):
    request = make_request(world)
    own = submission_of(request, world.unit)
    assert own.state_label == "Chưa mở"
    page = _text(client_for(world.secretariat).get(request.get_absolute_url()))
    assert page.count("Chưa mở") == 2
    fill(own, world.officer)
    own.refresh_from_db()
    assert own.state_label == "Đang soạn"
    rows = get(client, f"/report-requests/{request.pk}", world.secretariat).json()["submissions"]
    assert sorted(row["state_label"] for row in rows) == ["Chưa mở", "Đang soạn"]


def test_the_unit_writes_with_its_computed_figures_in_view(world, client_for):
    for country in ("CN", "LA"):
        DelegationFactory(lead_unit=world.unit, countries=[country], start_date=D(2017, 3, 1))
    request = make_request(world)
    own = submission_of(request, world.unit)
    page = _text(client_for(world.officer).get(reverse("reports:submission-edit", args=[own.pk])))
    assert 'id="computed-figures"' in page
    block = page[page.index('id="computed-figures"') :]
    assert "Số đoàn ra" in block and ">2<" in block.replace(" ", "")


def test_the_submission_read_model_runs_the_same_queries_for_a_small_and_a_large_outline(world):
    small = make_request(world, template=make_template(world, name="Nhỏ"))
    large_sections = [{"heading": f"Mục {n}", "guidance": "", "figures": ""} for n in range(1, 16)]
    large = make_request(
        world, period=small.period, template=make_template(world, name="Lớn", sections=large_sections)
    )

    def queries(request) -> int:
        submission = selectors.submission_get(user=world.officer, pk=submission_of(request, world.unit).pk)
        fill(submission, world.officer)
        with CaptureQueriesContext(connection) as context:
            read = selectors.submission_read(user=world.officer, submission=submission)
        assert read.sections
        return len(context.captured_queries)

    assert queries(small) == queries(large)


# --- Sorting --------------------------------------------------------------------------------------------


def test_after_the_deadline_the_request_page_lists_the_latest_units_first(world, client_for):
    from giaoban.org.tests.factories import OrganisationFactory

    early = OrganisationFactory(name="An Bình")  # first by name, but sent on time
    world.committee.member_units.add(early)
    request = make_request(world, units=[early, world.unit, world.other_unit], deadline=D(2017, 7, 10))
    fill(submission_of(request, early), world.officer)
    services.submission_submit(
        actor=world.officer, submission=submission_of(request, early), at=at(D(2017, 7, 1))
    )
    services.submission_submit(
        actor=world.officer,
        submission=fill(submission_of(request, world.unit), world.officer),
        at=at(D(2017, 7, 12)),
    )
    client = client_for(world.secretariat)

    def order(query: str = "") -> list[str]:
        import re

        page = _text(client.get(request.get_absolute_url() + query))
        return [int(pk) for pk in re.findall(r'<tr data-unit="(\d+)"', page)]

    # Today is long after 10/07/2017: the unit not sent at all first, then 2 days late, then on time.
    assert order() == [world.other_unit.pk, world.unit.pk, early.pk]
    assert order("?sort=unit")[0] == early.pk
