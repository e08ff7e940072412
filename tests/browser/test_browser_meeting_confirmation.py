"""Issue #15, 4 in Chromium: a unit officer answers the invitation with a substitute picked from the
unit's people (the title fills itself in), and the secretariat sees the answer on the meeting page and
in the attendance sheet it starts."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect

from .support import log_in


def test_a_unit_officer_sends_a_substitute_and_the_secretariat_sees_it(page, site):
    from django.utils import timezone

    from giaoban.core.permissions import Role
    from giaoban.meetings import services
    from giaoban.meetings.models import Confirmation, Invitee, MeetingKind
    from giaoban.org.models import Organisation
    from giaoban.org.tests.factories import PersonFactory, PositionFactory, UserFactory

    unit = Organisation.objects.get(name="Sở Ngoại vụ")
    deputy = PersonFactory(full_name="Nguyễn Văn Thay")
    PositionFactory(person=deputy, organisation=unit, title="Phó Giám đốc Sở Ngoại vụ")
    UserFactory(username="sngv", role=Role.UNIT_OFFICER, organisation=unit, committees=[site.committee])
    meeting = services.meeting_create(
        actor=None,
        committee=site.committee,
        kind=MeetingKind.QUARTERLY,
        title="Hội nghị giao ban quý",
        date=timezone.localdate() + dt.timedelta(days=5),
        start_time=dt.time(8, 0),
        venue="Hội trường Tỉnh ủy",
    )
    services.invitees_add(
        actor=None, meeting=meeting, units=[unit, Organisation.objects.get(name="Tràng Định")]
    )
    services.agenda_item_create(actor=None, meeting=meeting, title="Khai mạc", duration_minutes=10)
    services.agenda_item_create(actor=None, meeting=meeting, title="Báo cáo", duration_minutes=30)

    log_in(page, "sngv", site.password)
    page.goto(meeting.get_absolute_url())
    expect(page.locator("#agenda-table")).to_contain_text("08:10–08:40")  # the clock times
    expect(page.locator("#my-invitation")).to_contain_text("Đơn vị chưa trả lời giấy mời.")
    page.locator("#my-invitation").get_by_role("link", name="Trả lời giấy mời").click()
    page.get_by_label("Cử người dự thay").check()
    page.get_by_role("button", name="Gửi trả lời").click()
    expect(page.get_by_text("Hãy ghi họ và tên người dự họp.")).to_be_visible()  # nothing saved
    page.get_by_label("Họ và tên người dự họp").fill("Nguyễn Văn Thay")
    page.get_by_label("Họ và tên người dự họp").press("Tab")  # leaving the field picks the person
    expect(page.get_by_label("Chức vụ")).to_have_value("Phó Giám đốc Sở Ngoại vụ")  # from the unit's people
    page.get_by_role("button", name="Gửi trả lời").click()
    expect(page.get_by_text("Đã gửi trả lời: Cử người dự thay.")).to_be_visible()
    expect(page.locator("#my-invitation")).to_contain_text("Nguyễn Văn Thay, Phó Giám đốc Sở Ngoại vụ")
    assert Invitee.objects.get(unit=unit).confirmation == Confirmation.SUBSTITUTE

    page.context.clear_cookies()
    log_in(page, "thuky", site.password)
    page.goto(meeting.get_absolute_url())
    expect(page.locator("#confirmation-summary")).to_have_text(
        "Trả lời giấy mời: xác nhận dự 1; không dự được 0; chưa trả lời 1."
    )
    expect(page.locator("#invitee-table")).to_contain_text(
        "Cử người dự thay: Nguyễn Văn Thay, Phó Giám đốc Sở Ngoại vụ"
    )
    page.get_by_role("link", name="Điểm danh").click()
    expect(page.get_by_label("Tham dự: Sở Ngoại vụ")).to_have_value("represented")
    expect(page.get_by_label("Người dự họp: Sở Ngoại vụ")).to_have_value(
        "Nguyễn Văn Thay, Phó Giám đốc Sở Ngoại vụ"
    )
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#attendance-summary")).to_contain_text("cử người dự thay: 1")
