"""Reporting pages through the test client: periods, outlines, requests and the units' submissions, by
role; the submission's life on the request page (draft, late, returned, resubmitted, accepted); autosave;
files; query counts on the lists and the status page."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from giaoban.api.testing import count_queries
from giaoban.core.permissions import Role
from giaoban.core.services import EDIT_CONFLICT
from giaoban.org.models import ReportingConvention
from giaoban.org.tests.factories import OrganisationFactory, UserFactory
from giaoban.reports import services
from giaoban.reports.models import (
    Indicator,
    ReportingPeriod,
    ReportRequest,
    ReportTemplate,
    Submission,
    SubmissionEvent,
    SubmissionEventKind,
    SubmissionFile,
    SubmissionState,
)
from giaoban.reports.tests.factories import (
    at,
    fill,
    make_period,
    make_request,
    make_template,
    submission_of,
)

pytestmark = pytest.mark.django_db

D = dt.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _text(response) -> str:
    return response.content.decode()


def _status_row(response, unit) -> str:
    """The status table's row of one unit (its HTML), for the assertions on dates and counts."""
    html = _text(response)
    start = html.index(f'data-unit="{unit.pk}"')
    return html[start : html.index("</tr>", start)]


def _figure(response, name: str) -> int:
    html = _text(response)
    start = html.index(f'data-figure="{name}"')
    start = html.index('<div class="fs-4">', start) + len('<div class="fs-4">')
    return int(html[start : html.index("</div>", start)])


def _edit_data(submission: Submission, *, text: str = "Đã tổ chức 2 cuộc họp báo.", **values) -> dict:
    """The edit form's POST: a text for every section, the entered indicators by position."""
    template = submission.request.template
    data = {"version": submission.version}
    for section in template.sections.all():
        data[f"section-{section.pk}"] = f"{text} ({section.heading})"
    for indicator in template.indicators.order_by("position"):
        if not indicator.is_computed:
            data[f"indicator-{indicator.pk}"] = values.get(f"i{indicator.position}", str(indicator.position))
    return data


# --- Who sees what -----------------------------------------------------------------------------------


def test_lists_and_pages_by_role(world, client_for):
    request = make_request(world)
    period, template = request.period, request.template
    own = submission_of(request, world.unit)
    read_urls = [
        reverse("reports:period-list"),
        reverse("reports:template-list"),
        reverse("reports:request-list"),
        period.get_absolute_url(),
        template.get_absolute_url(),
        request.get_absolute_url(),
        own.get_absolute_url(),
    ]
    manage_urls = [
        reverse("reports:period-create"),
        reverse("reports:period-update", args=[period.pk]),
        reverse("reports:template-create"),
        reverse("reports:request-create"),
        reverse("reports:request-create") + f"?period={period.pk}",
        reverse("reports:submission-return", args=[own.pk]),
    ]
    for user in (world.secretariat, world.leader, world.officer):
        client = client_for(user)
        for url in read_urls:
            assert client.get(url).status_code == 200, (user.username, url)
    client = client_for(world.secretariat)
    for url in manage_urls[:-1]:
        assert client.get(url).status_code == 200, url
    # Nothing submitted yet: nothing to return.
    assert client.get(manage_urls[-1]).status_code == 403
    for user in (world.leader, world.officer):
        client = client_for(user)
        for url in manage_urls:
            assert client.get(url).status_code == 403, (user.username, url)
    # A system admin keeps accounts, not reports: nothing of the committee's is theirs to see.
    client = client_for(world.admin)
    assert client.get(request.get_absolute_url()).status_code == 404
    assert client.get(own.get_absolute_url()).status_code == 404
    assert request.get_absolute_url() not in _text(client.get(reverse("reports:request-list")))


def test_the_navigation_offers_reports_to_everyone_but_system_admins(world, client_for):
    url = reverse("reports:request-list")
    assert f'href="{url}"' in _text(client_for(world.officer).get(reverse("home")))
    assert f'href="{url}"' not in _text(client_for(world.admin).get(reverse("home")))


def test_a_unit_officer_gets_404_for_another_units_submission(world, client_for, tmp_path):
    request = make_request(world)
    own, other = submission_of(request, world.unit), submission_of(request, world.other_unit)
    record = services.submission_file_add(
        actor=world.other_officer,
        submission=other,
        upload=SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf"),
    )
    client = client_for(world.officer)
    assert client.get(own.get_absolute_url()).status_code == 200
    for name in ("submission-detail", "submission-edit"):
        assert client.get(reverse(f"reports:{name}", args=[other.pk])).status_code == 404, name
    for name in ("submission-autosave", "submission-submit", "submission-file-add"):
        assert client.post(reverse(f"reports:{name}", args=[other.pk]), {}).status_code == 404, name
    assert client.get(reverse("reports:file-download", args=[record.pk])).status_code == 404
    assert client.get(reverse("reports:file-delete", args=[record.pk])).status_code == 404
    # The request page shows the officer their own unit's line only, without the committee's figures.
    page = client.get(request.get_absolute_url())
    assert f'data-unit="{world.unit.pk}"' in _text(page)
    assert f'data-unit="{world.other_unit.pk}"' not in _text(page)
    assert 'id="request-figures"' not in _text(page)
    listing = _text(client.get(reverse("reports:request-list")))
    assert own.get_absolute_url() in listing and other.get_absolute_url() not in listing


def test_the_secretariat_reviews_but_does_not_write_a_units_report(world, client_for):
    request = make_request(world)
    submission = submission_of(request, world.unit)
    client = client_for(world.secretariat)
    assert client.get(reverse("reports:submission-edit", args=[submission.pk])).status_code == 403
    response = client.post(reverse("reports:submission-autosave", args=[submission.pk]), {"version": 1})
    assert response.status_code == 403
    assert client.post(reverse("reports:submission-submit", args=[submission.pk])).status_code == 403
    # Nothing to accept while it is a draft.
    assert client.post(reverse("reports:submission-accept", args=[submission.pk])).status_code == 403


# --- Periods -----------------------------------------------------------------------------------------


def test_the_period_form_shows_the_window_of_the_committees_convention(world, client_for):
    world.committee.reporting_convention = ReportingConvention.DECREE_09
    world.committee.save()
    client = client_for(world.secretariat)
    url = reverse("reports:period-create")
    assert "Theo thời điểm chốt số liệu" in _text(client.get(url))
    data = {"committee": world.committee.pk, "kind": "half_year", "year": 2018, "quarter": ""}
    preview = client.post(url, {**data, "preview": "1"})
    assert preview.status_code == 200
    assert "từ 15/12/2017 đến 14/6/2018" in _text(preview)
    assert not ReportingPeriod.objects.exists()
    response = client.post(url, data)
    period = ReportingPeriod.objects.get()
    assert response.status_code == 302 and response.url == period.get_absolute_url()
    assert (period.name, period.start_date, period.end_date) == (
        "6 tháng đầu năm 2018",
        D(2017, 12, 15),
        D(2018, 6, 14),
    )
    # The same period twice: the service's message on the form, nothing saved.
    again = client.post(url, data)
    assert again.status_code == 200 and "đã có kỳ báo cáo" in _text(again)
    # A quarter needs its quarter; a thematic period its name and dates.
    assert "cần chọn quý" in _text(client.post(url, {**data, "kind": "quarter"}))
    response = client.post(
        url,
        {
            "committee": world.committee.pk,
            "kind": "thematic",
            "name": "Chuyên đề phòng, chống dịch",
            "start_date": "2018-03-01",
            "end_date": "2018-04-30",
        },
    )
    assert response.status_code == 302
    thematic = ReportingPeriod.objects.get(kind="thematic")
    assert (thematic.year, thematic.end_date) == (2018, D(2018, 4, 30))
    detail = _text(client.get(thematic.get_absolute_url()))
    assert "Chuyên đề phòng, chống dịch" in detail and "Gửi đề nghị báo cáo" in detail


def test_a_periods_deadline_is_edited_with_the_version_check(world, client_for):
    period = make_period(world)
    client = client_for(world.secretariat)
    url = reverse("reports:period-update", args=[period.pk])
    page = _text(client.get(url))
    assert 'name="submission_deadline"' in page and 'name="start_date"' not in page
    response = client.post(url, {"submission_deadline": "2017-07-12", "version": period.version})
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.submission_deadline == D(2017, 7, 12)
    stale = client.post(url, {"submission_deadline": "2017-07-20", "version": period.version - 1})
    assert str(EDIT_CONFLICT) in _text(stale)
    period.refresh_from_db()
    assert period.submission_deadline == D(2017, 7, 12)


def test_the_period_list_filters_by_committee_and_year(world, client_for, django_assert_max_num_queries):
    for year in range(2015, 2021):
        make_period(world, year=year)
    client = client_for(world.secretariat)
    url = reverse("reports:period-list")
    with django_assert_max_num_queries(12):
        page = _text(client.get(url))
    assert "6 tháng đầu năm 2020" in page and "6 tháng đầu năm 2015" in page
    page = _text(client.get(url, {"year": 2017, "committee": world.committee.pk}))
    assert "6 tháng đầu năm 2017" in page and "6 tháng đầu năm 2018" not in page


# --- Templates ---------------------------------------------------------------------------------------


def _template_post(**extra) -> dict:
    data = {
        "name": "Đề cương 6 tháng",
        "description": "Gửi đúng hạn.",
        "sections-TOTAL_FORMS": 3,
        "sections-INITIAL_FORMS": 0,
        "sections-0-heading": "II. Nhiệm vụ thời gian tới",
        "sections-0-ORDER": 2,
        "sections-1-heading": "I. Kết quả",
        "sections-1-guidance": "Nêu kết quả nổi bật.",
        "sections-1-figures": "delegations",
        "sections-1-ORDER": 1,
        "indicators-TOTAL_FORMS": 3,
        "indicators-INITIAL_FORMS": 0,
        "indicators-0-name": "Họp báo đã tổ chức",
        "indicators-0-unit_of_measure": "cuộc",
        "indicators-0-value_type": "integer",
        "indicators-1-value_type": "integer",
        "indicators-1-source": "delegations.outbound",
        "indicators-2-value_type": "integer",
    }
    data.update(extra)
    return data


def test_the_secretariat_writes_an_outline_with_ordered_rows(world, client_for):
    client = client_for(world.secretariat)
    response = client.post(reverse("reports:template-create"), _template_post(committee=world.committee.pk))
    template = ReportTemplate.objects.get()
    assert response.status_code == 302 and response.url == template.get_absolute_url()
    sections = list(template.sections.order_by("position"))
    assert [s.heading for s in sections] == ["I. Kết quả", "II. Nhiệm vụ thời gian tới"]
    assert (sections[0].guidance, sections[0].figures) == ("Nêu kết quả nổi bật.", "delegations")
    indicators = list(template.indicators.order_by("position"))
    assert [(i.name, i.unit_of_measure, i.source) for i in indicators] == [
        ("Họp báo đã tổ chức", "cuộc", ""),
        ("Số đoàn ra", "đoàn", "delegations.outbound"),
    ]
    # Edit: drop a section, rename the outline.
    url = reverse("reports:template-update", args=[template.pk])
    page = _text(client.get(url))
    assert "Nêu kết quả nổi bật." in page and 'id="sections-empty"' in page
    data = {
        "name": "Đề cương 6 tháng (sửa)",
        "version": template.version,
        "sections-TOTAL_FORMS": 2,
        "sections-INITIAL_FORMS": 2,
        "sections-0-heading": "I. Kết quả",
        "sections-0-ORDER": 1,
        "sections-1-heading": "II. Nhiệm vụ thời gian tới",
        "sections-1-ORDER": 2,
        "sections-1-DELETE": "on",
        "indicators-TOTAL_FORMS": 1,
        "indicators-INITIAL_FORMS": 1,
        "indicators-0-name": "Họp báo",
        "indicators-0-unit_of_measure": "cuộc",
        "indicators-0-value_type": "integer",
        "indicators-0-ORDER": 1,
    }
    assert client.post(url, data).status_code == 302
    template.refresh_from_db()
    assert template.name == "Đề cương 6 tháng (sửa)"
    assert [s.heading for s in template.sections.all()] == ["I. Kết quả"]
    assert [i.name for i in template.indicators.all()] == ["Họp báo"]
    # A row left incomplete: the form says which, nothing saved.
    data["version"] = template.version
    data["indicators-0-unit_of_measure"] = ""
    response = client.post(url, data)
    assert response.status_code == 200 and "is-invalid" in _text(response)


def test_an_outline_in_use_is_read_only_and_copied_with_one_click(world, client_for):
    request = make_request(world)
    template = request.template
    client = client_for(world.secretariat)
    detail = _text(client.get(template.get_absolute_url()))
    assert (
        'id="template-in-use"' in detail
        and reverse("reports:template-update", args=[template.pk]) not in detail
    )
    response = client.get(reverse("reports:template-update", args=[template.pk]))
    assert response.status_code == 302 and response.url == template.get_absolute_url()
    response = client.post(reverse("reports:template-copy", args=[template.pk]))
    copy = ReportTemplate.objects.exclude(pk=template.pk).get()
    assert response.status_code == 302 and response.url == reverse("reports:template-update", args=[copy.pk])
    assert copy.copied_from == template
    assert copy.sections.count() == template.sections.count()
    assert client.get(response.url).status_code == 200
    # Leaders read outlines; copying is the secretariat's.
    assert (
        client_for(world.leader).post(reverse("reports:template-copy", args=[template.pk])).status_code == 403
    )
    url = reverse("reports:template-copy", args=[template.pk])
    assert client_for(world.secretariat).get(url).status_code == 405
    # The list offers the copy of the outline of the committee's latest request.
    listing = _text(client_for(world.secretariat).get(reverse("reports:template-list")))
    assert f'action="{url}"' in listing and "Sao từ đề cương kỳ trước" in listing


def test_the_template_list_is_bounded_in_queries(world, client_for, django_assert_max_num_queries):
    for n in range(8):
        make_template(world, name=f"Đề cương {n}")
    client = client_for(world.secretariat)
    with django_assert_max_num_queries(14):
        page = _text(client.get(reverse("reports:template-list")))
    assert "Đề cương 7" in page


FUTURE = timezone.localdate() + dt.timedelta(days=30)

# --- Requests ----------------------------------------------------------------------------------------


def test_a_new_request_proposes_the_latest_outline_every_unit_and_the_periods_deadline(world, client_for):
    period = make_period(world)
    old = make_template(world, name="Đề cương cũ")
    make_request(world, period=make_period(world, year=2016), template=old)
    latest = make_template(world, name="Đề cương mới nhất")  # e.g. the copy made for this period
    client = client_for(world.secretariat)
    chooser = _text(client.get(reverse("reports:request-create")))
    assert 'id="period-chooser"' in chooser and "6 tháng đầu năm 2017" in chooser
    url = reverse("reports:request-create") + f"?period={period.pk}"
    page = client.get(url)
    form = page.context["form"]
    assert form.initial["template"] == latest.pk
    assert set(form.initial["units"]) == {u.pk for u in world.committee.member_units.all()}
    assert form.initial["deadline"] == period.submission_deadline
    html = _text(page)
    assert html.count('name="units"') == 3 and html.count("checked") >= 3
    response = client.post(
        reverse("reports:request-create"),
        {
            "period": period.pk,
            "template": latest.pk,
            "units": [world.unit.pk, world.other_unit.pk],
            "deadline": FUTURE.isoformat(),
            "title": "Báo cáo 6 tháng đầu năm 2017",
            "message": "Đề nghị các đơn vị gửi báo cáo.",
        },
    )
    request = ReportRequest.objects.get(period=period)
    assert response.status_code == 302 and response.url == request.get_absolute_url()
    assert (request.template, request.deadline) == (latest, FUTURE)
    assert set(request.submissions.values_list("unit", flat=True)) == {world.unit.pk, world.other_unit.pk}
    # No unit ticked: the form says so.
    response = client.post(
        reverse("reports:request-create"),
        {"period": period.pk, "template": latest.pk, "deadline": FUTURE.isoformat(), "title": "X"},
    )
    assert response.status_code == 200 and str(services.UNITS_REQUIRED) in _text(response)


def test_a_request_whose_deadline_has_passed_is_refused(world, client_for):
    period = make_period(world)
    template = make_template(world)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = client_for(world.secretariat).post(
        reverse("reports:request-create"),
        {
            "period": period.pk,
            "template": template.pk,
            "units": [world.unit.pk],
            "deadline": yesterday.isoformat(),
            "title": "Báo cáo 6 tháng đầu năm 2017",
        },
    )
    assert response.status_code == 200
    assert f"Hạn gửi {yesterday.day}/{yesterday.month}/{yesterday.year} đã qua" in _text(response)
    assert not ReportRequest.objects.exists()


def test_the_request_list_and_status_page_are_bounded_in_queries(
    world, client_for, django_assert_max_num_queries
):
    units = [OrganisationFactory(name=f"Đơn vị {n:02d}") for n in range(20)]
    world.committee.member_units.add(*units)
    template = make_template(world)
    for year in range(2010, 2016):
        make_request(world, period=make_period(world, year=year), template=template, units=units)
    request = make_request(world, template=template, units=units)
    for unit in units[:8]:
        services.submission_submit(actor=None, submission=submission_of(request, unit), at=at(D(2017, 7, 5)))
    client = client_for(world.secretariat)
    with django_assert_max_num_queries(12):
        listing = _text(client.get(reverse("reports:request-list")))
    assert "8/20 đơn vị" in listing
    with django_assert_max_num_queries(12):
        page = client.get(request.get_absolute_url())
    assert _text(page).count("data-unit=") == 20
    officer = UserFactory(
        username="off-n", role=Role.UNIT_OFFICER, organisation=units[0], committees=[world.committee]
    )
    client = client_for(officer)
    with django_assert_max_num_queries(12):
        listing = _text(client.get(reverse("reports:request-list")))
    assert listing.count("submission-submitted") == 1 and listing.count("submission-draft") == 6


def test_the_remind_button_reminds_the_units_not_yet_sent(
    world, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    world.other_officer.email = "off2@example.vn"
    world.other_officer.save()
    request = make_request(world)
    services.submission_submit(actor=world.officer, submission=submission_of(request, world.unit))
    client = client_for(world.secretariat)
    assert 'id="request-remind"' in _text(client.get(request.get_absolute_url()))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:request-remind", args=[request.pk]), follow=True)
    assert "Đã nhắc 1 đơn vị chưa gửi báo cáo." in _text(response)
    event = SubmissionEvent.objects.get(kind=SubmissionEventKind.REMINDED)
    assert event.submission.unit == world.other_unit
    assert [m.to for m in mailoutbox] == [["off2@example.vn"]]
    assert (
        client_for(world.leader).post(reverse("reports:request-remind", args=[request.pk])).status_code == 403
    )


# --- The submission's life ---------------------------------------------------------------------------


def test_a_submissions_life_shows_on_the_request_page(world, client_for):
    """Draft, submitted late, returned with a comment, resubmitted, accepted: the status table and the
    lateness figures follow each step; the first submission's date stays the one lateness counts."""
    request = make_request(world, deadline=D(2017, 7, 10))
    submission = submission_of(request, world.unit)
    status_url = request.get_absolute_url()
    late_by = (timezone.localdate() - D(2017, 7, 10)).days

    secretariat = client_for(world.secretariat)
    page = secretariat.get(status_url)
    assert [_figure(page, name) for name in ("total", "submitted", "late", "missing", "accepted")] == [
        2,
        0,
        0,
        2,
        0,
    ]
    assert "submission-draft" in _status_row(page, world.unit)

    # The officer drafts, then submits (long after the deadline).
    officer = client_for(world.officer)
    edit_url = reverse("reports:submission-edit", args=[submission.pk])
    assert officer.post(edit_url, _edit_data(submission, i1="2", i2="15", i3="12,5")).status_code == 200
    response = officer.post(edit_url, _edit_data(submission, i1="2", i2="15", i3="12.5"))
    assert response.status_code == 302 and response.url == submission.get_absolute_url()
    submission.refresh_from_db()
    assert submission.state == SubmissionState.DRAFT and submission.last_saved_at is not None
    assert dict(submission.values.values_list("indicator__position", "value")) == {
        1: Decimal("2"),
        2: Decimal("15"),
        3: Decimal("12.5"),
    }
    response = officer.post(
        reverse("reports:submission-submit", args=[submission.pk]), {"version": submission.version}
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    first_sent = submission.first_submitted_at
    assert submission.state == SubmissionState.SUBMITTED and first_sent is not None

    secretariat = client_for(world.secretariat)
    page = secretariat.get(status_url)
    assert [_figure(page, n) for n in ("submitted", "on_time", "late", "missing", "awaiting_review")] == [
        1,
        0,
        1,
        1,
        0 + 1,
    ]
    row = _status_row(page, world.unit)
    assert (
        "submission-submitted" in row
        and f'<td class="days-late"><span class="text-warning-emphasis">{late_by}</span>' in row
    )

    # Returned: a comment is required, then the unit sees it.
    return_url = reverse("reports:submission-return", args=[submission.pk])
    response = secretariat.post(return_url, {"comment": "   "})
    assert response.status_code == 200 and str(services.RETURN_COMMENT_REQUIRED) in _text(response)
    response = secretariat.post(return_url, {"comment": "Bổ sung số liệu họp báo quý II."})
    assert response.status_code == 302 and response.url == status_url
    page = secretariat.get(status_url)
    assert [_figure(page, n) for n in ("submitted", "late", "returned", "awaiting_review")] == [1, 1, 1, 0]
    row = _status_row(page, world.unit)
    assert "submission-returned" in row and '<td class="return-count">1</td>' in row

    officer = client_for(world.officer)
    detail = _text(officer.get(submission.get_absolute_url()))
    assert 'id="return-comment"' in detail and "Bổ sung số liệu họp báo quý II." in detail
    submission.refresh_from_db()
    response = officer.post(edit_url, {**_edit_data(submission, i1="3"), "submit": "1"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED
    assert submission.first_submitted_at == first_sent and submission.submitted_at > first_sent

    secretariat = client_for(world.secretariat)
    response = secretariat.post(reverse("reports:submission-accept", args=[submission.pk]))
    assert response.status_code == 302 and response.url == status_url
    page = secretariat.get(status_url)
    assert [_figure(page, n) for n in ("submitted", "late", "returned", "accepted", "awaiting_review")] == [
        1,
        1,
        0,
        1,
        0,
    ]
    row = _status_row(page, world.unit)
    assert "submission-accepted" in row and '<td class="return-count">1</td>' in row and str(late_by) in row
    assert list(submission.events.values_list("kind", flat=True)) == [
        "submitted",
        "returned",
        "submitted",
        "accepted",
    ]

    # Accepted: the unit can no longer change it.
    officer = client_for(world.officer)
    assert officer.get(edit_url).status_code == 403
    assert (
        officer.post(reverse("reports:submission-autosave", args=[submission.pk]), {"version": 9}).status_code
        == 403
    )
    detail = _text(officer.get(submission.get_absolute_url()))
    assert 'id="submission-edit-link"' not in detail and "Đã tiếp nhận" in detail


def test_on_time_and_missing_figures(world, client_for):
    request = make_request(world, deadline=D(2017, 7, 10))
    services.submission_submit(
        actor=world.officer, submission=submission_of(request, world.unit), at=at(D(2017, 7, 10), 16)
    )
    page = client_for(world.leader).get(request.get_absolute_url())
    assert [_figure(page, n) for n in ("submitted", "on_time", "late", "missing")] == [1, 1, 0, 1]
    assert '<td class="days-late">0</td>' in _status_row(page, world.unit)
    assert 'id="request-remind"' not in _text(page)  # leaders read


# --- Editing: the form, autosave, files --------------------------------------------------------------


def test_the_edit_form_shows_guidance_entered_and_computed_figures(world, client_for):
    request = make_request(world)
    submission = fill(submission_of(request, world.unit), world.officer, values={1: 4})
    client = client_for(world.officer)
    page = _text(client.get(reverse("reports:submission-edit", args=[submission.pk])))
    assert "Các văn bản đã ban hành." in page  # guidance
    assert "Nội dung báo cáo. (I. Công tác lãnh đạo, chỉ đạo)" in page
    computed = Indicator.objects.get(template=request.template, source="delegations.outbound")
    assert f'name="indicator-{computed.pk}"' not in page
    assert 'value="4"' in page and 'data-autosave-url="' in page and "submission_autosave.js" in page
    detail = _text(client.get(submission.get_absolute_url()))
    assert "Số đoàn ra" in detail and "Hệ thống tính (chỉ xem)" in detail


def test_autosave_answers_json_and_409_on_a_stale_version(world, client_for):
    request = make_request(world)
    submission = submission_of(request, world.unit)
    client = client_for(world.officer)
    url = reverse("reports:submission-autosave", args=[submission.pk])
    response = client.post(url, _edit_data(submission, text="Bản nháp"))
    assert response.status_code == 200
    data = json.loads(response.content)
    submission.refresh_from_db()
    assert data["version"] == submission.version == 2
    assert data["message"].startswith("Đã lưu nháp lúc ") and data["saved_at"]
    assert submission.section_texts.filter(text__startswith="Bản nháp").count() == 3
    # A second tab with the old version: 409 and the conflict message, nothing overwritten.
    stale = client.post(url, {**_edit_data(submission, text="Bản khác"), "version": 1})
    assert stale.status_code == 409 and json.loads(stale.content)["error"] == str(EDIT_CONFLICT)
    assert not submission.section_texts.filter(text__startswith="Bản khác").exists()
    # A wrong value: 400 naming the problem.
    first_entered = request.template.indicators.order_by("position").first()
    bad = client.post(url, {**_edit_data(submission), "version": 2, f"indicator-{first_entered.pk}": "2.5"})
    assert bad.status_code == 400 and "số nguyên" in json.loads(bad.content)["error"]
    assert client.get(url).status_code == 405


def test_the_full_form_reports_a_conflict_without_saving(world, client_for):
    request = make_request(world)
    submission = submission_of(request, world.unit)
    client = client_for(world.officer)
    url = reverse("reports:submission-edit", args=[submission.pk])
    fill(submission, world.officer)
    response = client.post(url, {**_edit_data(submission, text="Cũ"), "version": 1})
    assert response.status_code == 200 and str(EDIT_CONFLICT) in _text(response)
    assert not submission.section_texts.filter(text__startswith="Cũ").exists()


def test_files_are_attached_downloaded_and_deleted_by_the_unit(world, client_for):
    request = make_request(world)
    submission = submission_of(request, world.unit)
    client = client_for(world.officer)
    url = reverse("reports:submission-file-add", args=[submission.pk])
    assert client.get(url).status_code == 200
    bad = client.post(
        url, {"file": SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/pdf")}
    )
    assert bad.status_code == 200 and "Không nhận loại tệp này" in _text(bad)
    response = client.post(
        url, {"file": SimpleUploadedFile("Báo cáo 6 tháng.pdf", PDF, content_type="application/pdf")}
    )
    record = SubmissionFile.objects.get()
    assert response.status_code == 302 and response.url == submission.get_absolute_url()
    assert "Báo cáo 6 tháng.pdf" in _text(client.get(submission.get_absolute_url()))
    download = client.get(record.get_absolute_url())
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "attachment" in download["Content-Disposition"]
    # The secretariat reads the file but does not delete it.
    secretariat = client_for(world.secretariat)
    assert secretariat.get(record.get_absolute_url()).status_code == 200
    assert secretariat.post(reverse("reports:file-delete", args=[record.pk])).status_code == 403
    client = client_for(world.officer)
    assert client.get(reverse("reports:file-delete", args=[record.pk])).status_code == 200
    response = client.post(reverse("reports:file-delete", args=[record.pk]))
    assert response.status_code == 302 and not SubmissionFile.objects.exists()


def test_the_submission_page_query_count_does_not_grow_with_its_files(
    world, client_for, django_assert_max_num_queries
):
    """A submission with one file and one with four, read by the secretariat: the same number of queries
    for both pages, and at most 22."""
    request = make_request(world)
    pages = []
    for unit, officer, files in ((world.unit, world.officer, 1), (world.other_unit, world.other_officer, 4)):
        submission = fill(submission_of(request, unit), officer)
        for n in range(files):
            services.submission_file_add(
                actor=officer,
                submission=submission,
                upload=SimpleUploadedFile(f"t{n}.pdf", PDF, content_type="application/pdf"),
            )
        services.submission_submit(actor=officer, submission=submission)
        pages.append(submission.get_absolute_url())
    client = client_for(world.secretariat)
    assert _text(client.get(pages[1])).count(".pdf</a>") == 4
    small, large = (count_queries(client, page, {}) for page in pages)
    assert large == small, (small, large)
    with django_assert_max_num_queries(22):
        assert client.get(pages[1]).status_code == 200


def test_a_button_pressed_on_a_stale_page_says_why_and_changes_nothing(world, client_for):
    request = make_request(world)
    submission = fill(submission_of(request, world.unit), world.officer)
    client = client_for(world.officer)
    url = reverse("reports:submission-submit", args=[submission.pk])
    response = client.post(url, {"version": submission.version - 1}, follow=True)
    assert str(EDIT_CONFLICT) in _text(response)
    submission.refresh_from_db()
    assert submission.state == SubmissionState.DRAFT
    assert client.post(url, {"version": submission.version}).status_code == 302
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED
