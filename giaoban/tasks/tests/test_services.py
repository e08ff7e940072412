"""Task services: codes, invariants, progress, completion, extensions, cancellation, audit."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from giaoban.core.services import EditConflict
from giaoban.notifications.models import Notification, NotificationKind
from giaoban.org.tests.factories import CommitteeFactory, OrganisationFactory
from giaoban.tasks import services
from giaoban.tasks.models import ReviewState, Task
from giaoban.tasks.tests.factories import complete, extend, make_task

pytestmark = pytest.mark.django_db

D = dt.date


def _messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def test_codes_count_per_committee_and_year(world):
    first = make_task(world, assigned_on=D(2017, 7, 31))
    second = make_task(world, assigned_on=D(2017, 8, 1))
    next_year = make_task(world, assigned_on=D(2018, 1, 2), deadline=D(2018, 6, 30))
    other_unit = OrganisationFactory(name="Sở Khác")
    other = CommitteeFactory(member_units=[other_unit])
    elsewhere = services.task_create(
        actor=None,
        committee=other,
        title="Khác",
        lead_unit=other_unit,
        deadline=D(2017, 12, 31),
        assigned_on=D(2017, 7, 31),
    )
    assert [first.code, second.code, next_year.code, elsewhere.code] == [
        "NV-2017-001",
        "NV-2017-002",
        "NV-2018-001",
        "NV-2017-001",
    ]


def test_a_task_takes_everything_a_conclusion_notices_key_task_carries(world):
    """The meetings app will issue key tasks through task_create with its own source reference."""
    task = services.task_create(
        actor=world.secretariat,
        committee=world.committee,
        title=unicodedata.normalize("NFD", "  Tập huấn   người phát ngôn "),
        lead_unit=world.unit,
        coordinating_units=[world.other_unit],
        deadline=D(2017, 11, 30),
        source_title="Thông báo kết luận",
        source_number="125/TB-BCĐ",
        source_date=D(2017, 7, 31),
        source_issuer="Ban Chỉ đạo",
        source_item=2,
        source_kind="meetings.conclusion",
        source_id=42,
    )
    task.refresh_from_db()
    assert task.assigned_on == D(2017, 7, 31)  # the notice's date by default
    assert task.title == "Tập huấn người phát ngôn"  # NFC, trimmed
    assert list(task.coordinating_units.all()) == [world.other_unit]
    assert (task.source_kind, task.source_id, task.source_item) == ("meetings.conclusion", 42, 2)
    assert task.source_text == "Thông báo kết luận số 125/TB-BCĐ ngày 31/7/2017 của Ban Chỉ đạo"
    assert task.history.first().history_user == world.secretariat


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"deadline": None}, "deadline", services.DEADLINE_OR_RECURRING),
        ({"deadline": D(2017, 1, 1)}, "deadline", services.DEADLINE_BEFORE_ASSIGNED),
    ],
)
def test_deadline_rules(world, kwargs, field, message):
    with pytest.raises(ValidationError) as error:
        services.task_create(
            actor=None,
            committee=world.committee,
            title="X",
            lead_unit=world.unit,
            assigned_on=D(2017, 7, 31),
            **kwargs,
        )
    assert str(message) in error.value.message_dict[field]


def test_exactly_one_lead_unit_not_also_coordinating_and_units_still_active(world):
    """Any body of the directory may coordinate, but not one that ended before the task was given."""
    ended = OrganisationFactory(name="Sở Cũ", end_date=D(2016, 12, 31))
    with pytest.raises(ValidationError) as error:
        services.task_create(
            actor=None,
            committee=world.committee,
            title="X",
            lead_unit=world.unit,
            coordinating_units=[world.unit, ended],
            assigned_on=D(2017, 8, 2),
            deadline=D(2017, 12, 1),
        )
    messages = error.value.message_dict["coordinating_units"]
    assert str(services.LEAD_ALSO_COORDINATING) in messages
    assert "Đơn vị “Sở Cũ” đã thôi hoạt động từ ngày 1/1/2017, trước ngày giao nhiệm vụ." in messages
    assert Task.objects.count() == 0


def test_a_body_outside_the_committee_leads_a_task(world):
    """A commune that sits on no committee leads a task; the secretariat follows it up."""
    commune = OrganisationFactory(name="Xã Tân Thanh", kind="locality", level="commune")
    task = services.task_create(
        actor=None,
        committee=world.committee,
        title="Tuyên truyền tại cửa khẩu",
        lead_unit=commune,
        assigned_on=D(2017, 8, 2),
        deadline=D(2017, 12, 1),
    )
    assert task.lead_unit == commune


def test_subtasks_belong_to_a_top_level_task_of_the_same_committee(world):
    parent = make_task(world)
    child = make_task(world, parent=parent)
    assert list(parent.subtasks.all()) == [child]
    with pytest.raises(ValidationError):
        make_task(world, parent=child)


def test_update_records_coordinating_units_in_the_history_and_refuses_a_stale_version(world):
    task = make_task(world)
    updated = services.task_update(
        actor=world.secretariat,
        task=task,
        expected_version=1,
        coordinating_units=[world.other_unit],
        title="Tên mới",
    )
    assert updated.version == 2
    record = updated.history.first()
    assert record.history_change_reason == "Đơn vị phối hợp: thêm Thành phố Lạng Sơn"
    with pytest.raises(EditConflict):
        services.task_update(actor=world.secretariat, task=task, expected_version=1, title="Cũ")
    assert Task.objects.get(pk=task.pk).title == "Tên mới"


def test_progress_by_lead_and_coordinating_units_only(world, django_user_model):
    task = make_task(world, coordinating_units=[world.other_unit])
    services.progress_create(
        actor=world.officer, task=task, text="Đang làm", percent=40, reported_on=D(2017, 8, 1)
    )
    services.progress_create(
        actor=world.other_officer, task=task, text="Phối hợp", percent=90, reported_on=D(2017, 8, 2)
    )
    task.refresh_from_db()
    assert (task.percent, task.progress_on) == (40, D(2017, 8, 2))  # the percent is the lead unit's
    with pytest.raises(ValidationError) as error:
        services.progress_create(actor=world.secretariat, task=task, text="x", percent=1)
    assert _messages(error.value) == [str(services.NOT_TASK_UNIT)]
    with pytest.raises(ValidationError) as error:
        services.progress_create(
            actor=world.officer,
            task=task,
            text="x",
            percent=1,
            reported_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert str(services.DATE_IN_FUTURE) in error.value.message_dict["reported_on"]


def test_completion_confirmed_takes_the_report_date_and_notifies(world):
    task = make_task(world, deadline=D(2017, 9, 30))
    report = services.completion_report(
        actor=world.officer, task=task, text="Xong", reported_on=D(2017, 9, 30)
    )
    assert Notification.objects.filter(
        recipient=world.secretariat, kind=NotificationKind.COMPLETION_REPORTED
    ).exists()
    with pytest.raises(ValidationError):
        services.completion_report(actor=world.officer, task=task, text="Lần hai")
    done = services.completion_confirm(actor=world.secretariat, report=report, decided_on=D(2017, 10, 5))
    assert done.completed_on == D(2017, 9, 30)
    assert done.percent == 100
    assert Notification.objects.filter(
        recipient=world.officer, kind=NotificationKind.COMPLETION_CONFIRMED
    ).exists()
    with pytest.raises(ValidationError):
        services.progress_create(actor=world.officer, task=done, text="x", percent=1)


def test_completion_returned_needs_a_comment_and_leaves_the_task_open(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    world.officer.email = "off@example.vn"
    world.officer.save()
    task = make_task(world)
    report = services.completion_report(actor=world.officer, task=task, text="Xong")
    with pytest.raises(ValidationError):
        services.completion_return(actor=world.secretariat, report=report, comment=" ")
    with pytest.raises(ValidationError):
        services.completion_report(actor=world.other_officer, task=task, text="Không phải chủ trì")
    with pytest.raises(ValidationError):  # still pending
        services.completion_report(actor=world.officer, task=task, text="Lần hai")
    with django_capture_on_commit_callbacks(execute=True):
        returned = services.completion_return(
            actor=world.secretariat, report=report, comment="Thiếu minh chứng"
        )
    assert returned.state == ReviewState.REJECTED
    assert Task.objects.get(pk=task.pk).completed_on is None
    assert any("Thiếu minh chứng" in message.body for message in mail.outbox)


def test_extension_limit_is_a_setting_and_the_deadline_in_force_moves(world):
    task = make_task(world, deadline=D(2017, 9, 30))
    extended = extend(
        task,
        officer=world.officer,
        secretariat=world.secretariat,
        new_deadline=D(2017, 10, 31),
        requested_on=D(2017, 9, 20),
        decided_on=D(2017, 9, 25),
    )
    assert (extended.deadline, extended.deadline_in_force, extended.extension_count) == (
        D(2017, 9, 30),
        D(2017, 10, 31),
        1,
    )
    assert extended.history.first().history_change_reason == "Gia hạn đến 31/10/2017"
    with pytest.raises(ValidationError) as error:
        services.extension_request(
            actor=world.officer, task=extended, new_deadline=D(2017, 12, 31), reason="x"
        )
    assert _messages(error.value) == [str(services.EXTENSION_LIMIT % {"count": 1})]
    with override_settings(TASK_MAX_EXTENSIONS=2):
        again = extend(
            extended,
            officer=world.officer,
            secretariat=world.secretariat,
            new_deadline=D(2017, 12, 31),
            requested_on=D(2017, 10, 20),
            decided_on=D(2017, 10, 25),
        )
    assert again.deadline_in_force == D(2017, 12, 31)
    assert again.first_extended_on == D(2017, 9, 25)
    assert list(again.extensions.values_list("new_deadline", flat=True).order_by("pk")) == [
        D(2017, 10, 31),
        D(2017, 12, 31),
    ]


def test_extension_rules(world):
    task = make_task(world, deadline=D(2017, 9, 30))
    with pytest.raises(ValidationError) as error:
        services.extension_request(actor=world.officer, task=task, new_deadline=D(2017, 9, 30), reason="x")
    assert "new_deadline" in error.value.message_dict
    request = services.extension_request(
        actor=world.officer, task=task, new_deadline=D(2017, 10, 30), reason="x", requested_on=D(2017, 9, 1)
    )
    with pytest.raises(ValidationError):
        services.extension_request(actor=world.officer, task=task, new_deadline=D(2017, 11, 30), reason="y")
    with pytest.raises(ValidationError):
        services.extension_approve(actor=world.secretariat, extension=request, decided_on=D(2017, 8, 31))
    with pytest.raises(ValidationError):
        services.extension_reject(actor=world.secretariat, extension=request, note="")
    rejected = services.extension_reject(actor=world.secretariat, extension=request, note="Không đủ lý do")
    assert rejected.state == ReviewState.REJECTED
    assert Task.objects.get(pk=task.pk).deadline_in_force == D(2017, 9, 30)
    recurring = make_task(world, recurring=True)
    with pytest.raises(ValidationError):
        services.extension_request(
            actor=world.officer, task=recurring, new_deadline=D(2018, 1, 1), reason="x"
        )


def test_cancel_needs_a_reason_and_closes_pending_requests(world):
    task = make_task(world)
    services.extension_request(actor=world.officer, task=task, new_deadline=D(2018, 3, 1), reason="x")
    with pytest.raises(ValidationError):
        services.task_cancel(actor=world.secretariat, task=task, reason="")
    cancelled = services.task_cancel(
        actor=world.secretariat, task=task, reason="Không còn phù hợp", on=D(2017, 9, 1)
    )
    assert cancelled.cancelled_on == D(2017, 9, 1)
    assert not task.extensions.filter(state=ReviewState.PENDING).exists()
    with pytest.raises(ValidationError):
        services.task_cancel(actor=world.secretariat, task=cancelled, reason="Lần hai")


def test_complete_helper_on_the_deadline(world):
    task = complete(
        make_task(world, deadline=D(2017, 9, 30)),
        officer=world.officer,
        secretariat=world.secretariat,
        on=D(2017, 9, 30),
    )
    assert task.completed_on == D(2017, 9, 30)


def test_an_existing_task_is_linked_to_its_source_record(world):
    task = make_task(world)
    linked = services.task_link_source(actor=None, task=task, source_kind="meetings.conclusion", source_id=7)
    assert (linked.source_kind, linked.source_id, linked.version, linked.code) == (
        "meetings.conclusion",
        7,
        2,
        task.code,
    )
    again = services.task_link_source(actor=None, task=linked, source_kind="meetings.conclusion", source_id=7)
    assert again.version == 2
