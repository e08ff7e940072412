"""Conclusion notices and their Tasks: issuing creates them in one transaction; editing a key task later
updates its Task; issuing again never duplicates one and never loses progress."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from giaoban.core.counters import counter_peek, document_series_key
from giaoban.core.services import EditConflict
from giaoban.meetings import conclusions, services
from giaoban.meetings.models import CONCLUSION_SOURCE_KIND, KeyTask, NoticeState
from giaoban.meetings.tests.factories import add_key_task, make_meeting, make_notice
from giaoban.org.tests.factories import CommitteeFactory, OrganisationFactory
from giaoban.tasks import services as task_services
from giaoban.tasks.models import ProgressUpdate, Task
from giaoban.tasks.tests.factories import make_task

pytestmark = pytest.mark.django_db

D = dt.date


def _tasks_of(notice) -> list[Task]:
    return list(
        Task.objects.filter(source_kind=CONCLUSION_SOURCE_KIND, source_id=notice.pk).order_by("source_item")
    )


def _issue(notice, **kwargs):
    return services.conclusion_issue(actor=None, notice=notice, **kwargs)


def test_a_new_notice_is_drafted_from_its_meeting(world):
    meeting = make_meeting(world)
    notice = services.conclusion_create(actor=world.secretariat, meeting=meeting)
    assert notice.state == NoticeState.DRAFT and notice.number is None
    assert notice.summary == "Kết luận của đồng chí chủ trì tại hội nghị giao ban 6 tháng đầu năm 2017"
    assert notice.opening.startswith("Sáng ngày 26 tháng 7 năm 2017, ")
    assert "đồng chí Lê Thị Ngoại, Giám đốc Sở Ngoại vụ kết luận như sau:" in notice.opening
    assert notice.signer == world.unit_person
    assert notice.recipients.splitlines()[-1] == "Lưu: VT"
    with pytest.raises(ValidationError) as error:
        services.conclusion_create(actor=None, meeting=meeting)
    assert services.CONCLUSION_EXISTS in error.value.messages


def test_issuing_numbers_the_notice_and_creates_one_task_per_key_task(world):
    notice = make_notice(make_meeting(world), tasks=3)
    assert Task.objects.count() == 0
    issued = _issue(notice, date=D(2017, 7, 28))
    assert issued.state == NoticeState.ISSUED
    assert (issued.number, issued.year, issued.date) == (1, 2017, D(2017, 7, 28))
    assert services.notice_symbol(issued) == "01/TB-BCĐ"
    tasks = _tasks_of(issued)
    assert [t.source_item for t in tasks] == [1, 2, 3]
    first = tasks[0]
    assert first.title == "Nhiệm vụ trọng tâm thử nghiệm 1"
    assert first.committee == world.committee and first.lead_unit == world.unit
    assert (first.source_number, first.source_date, first.assigned_on) == (
        "01/TB-BCĐ",
        D(2017, 7, 28),
        D(2017, 7, 28),
    )
    assert first.source_title == "Thông báo kết luận hội nghị giao ban 6 tháng đầu năm 2017"
    assert first.source_issuer == world.committee.name
    assert tasks[2].recurring and tasks[2].deadline is None
    assert [k.task_id for k in issued.key_tasks.order_by("position")] == [t.pk for t in tasks]


def test_the_committee_keeps_its_own_number_series(world):
    first = _issue(make_notice(make_meeting(world), tasks=1))
    second = _issue(make_notice(make_meeting(world, title="Hội nghị chuyên đề", date=D(2017, 9, 5)), tasks=1))
    assert (first.number, second.number) == (1, 2)
    assert counter_peek(document_series_key(world.committee.pk, 2017)) == 2
    other = CommitteeFactory(member_units=[world.unit])
    third = _issue(make_notice(make_meeting(world, committee=other), tasks=1))
    assert third.number == 1  # another committee, another series


def test_a_number_registered_by_hand_is_used_once(world):
    _issue(make_notice(make_meeting(world), tasks=1), number=125)
    other = make_notice(make_meeting(world, date=D(2017, 8, 1)), tasks=1)
    with pytest.raises(ValidationError) as error:
        _issue(other, number=125)
    assert error.value.message_dict["number"][0].startswith("Số 125 năm 2017 đã cấp cho thông báo kết luận “")
    other.refresh_from_db()
    assert other.state == NoticeState.DRAFT and not _tasks_of(other)


def test_issue_edit_and_reissue_keep_one_task_per_key_task_with_its_progress(world):
    """The acceptance case: issue, post progress, edit the key tasks, issue again, add one, issue again."""
    notice = _issue(make_notice(make_meeting(world), tasks=2))
    first, second = notice.key_tasks.order_by("position")
    task = first.task
    progress = task_services.progress_create(
        actor=world.officer,
        task=task,
        unit=world.unit,
        text="Đã xây dựng kế hoạch.",
        percent=40,
        reported_on=D(2017, 8, 10),
    )

    edited = services.key_task_update(
        actor=world.secretariat,
        key_task=first,
        expected_version=first.version,
        title="Tổ chức tập huấn cho người phát ngôn",
        deadline=D(2017, 11, 30),
        coordinating_units=[world.other_unit],
    )
    assert edited.task_id == task.pk
    task.refresh_from_db()
    assert task.title == "Tổ chức tập huấn cho người phát ngôn"
    assert task.deadline == task.deadline_in_force == D(2017, 11, 30)
    assert list(task.coordinating_units.all()) == [world.other_unit]
    assert (task.percent, task.progress_on) == (40, D(2017, 8, 10))
    assert list(task.progress_updates.all()) == [progress]

    notice = _issue(notice, expected_version=notice.version)
    assert len(_tasks_of(notice)) == 2
    add_key_task(notice, title="Nhiệm vụ bổ sung sau hội nghị", lead_unit=world.other_unit)
    assert len(_tasks_of(notice)) == 3  # given at once on an issued notice
    notice.refresh_from_db()
    _issue(notice)
    tasks = _tasks_of(notice)
    assert len(tasks) == 3 and Task.objects.count() == 3
    assert [t.pk for t in tasks[:2]] == [task.pk, second.task_id]
    assert ProgressUpdate.objects.get().task_id == task.pk
    task.refresh_from_db()
    assert task.percent == 40 and task.title == "Tổ chức tập huấn cho người phát ngôn"
    assert notice.number == 1  # the number and date stay


def test_moving_a_key_task_renumbers_the_others_and_their_tasks(world):
    notice = _issue(make_notice(make_meeting(world), tasks=3))
    last = notice.key_tasks.get(position=3)
    services.key_task_update(actor=None, key_task=last, position=1)
    assert [(k.title[-1], k.position, k.task.source_item) for k in notice.key_tasks.order_by("position")] == [
        ("3", 1, 1),
        ("1", 2, 2),
        ("2", 3, 3),
    ]
    assert Task.objects.count() == 3


def test_a_refused_key_task_leaves_nothing_issued(world):
    """One transaction: if the tasks app refuses one key task, no Task is created and no number used."""
    notice = make_notice(make_meeting(world), tasks=2)
    bad = notice.key_tasks.get(position=2)
    KeyTask.objects.filter(pk=bad.pk).update(deadline=D(2017, 7, 1))  # before the date of issue
    with pytest.raises(ValidationError) as error:
        _issue(notice, date=D(2017, 7, 28))
    assert error.value.messages == ["Nhiệm vụ 2: Thời hạn phải sau hoặc bằng ngày giao nhiệm vụ."]
    notice.refresh_from_db()
    assert notice.state == NoticeState.DRAFT and notice.number is None
    assert Task.objects.count() == 0
    assert counter_peek(document_series_key(world.committee.pk, 2017)) == 0


def test_a_deadline_change_the_tasks_app_refuses_saves_nothing(world):
    """Once a Task was extended, its deadline changes only by extension: the key task edit is refused."""
    notice = _issue(make_notice(make_meeting(world), tasks=1))
    key_task = notice.key_tasks.get()
    request = task_services.extension_request(
        actor=world.officer,
        task=key_task.task,
        new_deadline=D(2018, 3, 31),
        reason="Chờ kinh phí.",
        requested_on=D(2017, 12, 1),
    )
    task_services.extension_approve(actor=world.secretariat, extension=request, decided_on=D(2017, 12, 5))
    with pytest.raises(ValidationError) as error:
        services.key_task_update(actor=None, key_task=key_task, deadline=D(2018, 6, 30), title="Tiêu đề mới")
    assert "deadline" in error.value.message_dict
    key_task.refresh_from_db()
    assert key_task.title == "Nhiệm vụ trọng tâm thử nghiệm 1" and key_task.deadline == D(2017, 12, 31)
    key_task.task.refresh_from_db()
    assert key_task.task.deadline_in_force == D(2018, 3, 31) and key_task.task.title == key_task.title


def test_a_key_task_being_followed_cannot_be_deleted(world):
    notice = make_notice(make_meeting(world), tasks=2)
    services.key_task_delete(actor=None, key_task=notice.key_tasks.get(position=1))
    assert [(k.position, k.title) for k in notice.key_tasks.all()] == [(1, "Nhiệm vụ trọng tâm thử nghiệm 2")]
    _issue(notice)
    followed = notice.key_tasks.get()
    with pytest.raises(ValidationError) as error:
        services.key_task_delete(actor=None, key_task=followed)
    assert followed.task.code in error.value.messages[0]
    assert KeyTask.objects.filter(pk=followed.pk).exists()


def test_key_task_rules(world):
    notice = make_notice(make_meeting(world), tasks=0)
    stranger = OrganisationFactory(name="Sở Ngoài Ban")
    with pytest.raises(ValidationError) as error:
        services.key_task_create(
            actor=None,
            notice=notice,
            title="X",
            lead_unit=stranger,
            coordinating_units=[stranger],
            deadline=D(2017, 9, 1),
        )
    assert set(error.value.message_dict) == {"lead_unit", "coordinating_units"}
    with pytest.raises(ValidationError) as error:
        services.key_task_create(actor=None, notice=notice, title="X", lead_unit=world.unit)
    assert error.value.message_dict["deadline"] == [str(conclusions.DEADLINE_OR_RECURRING)]
    with pytest.raises(ValidationError) as error:
        services.key_task_create(
            actor=None, notice=notice, title="X", lead_unit=world.unit, deadline=D(2017, 7, 27)
        )
    assert "Thời hạn phải sau hoặc bằng ngày ban hành" in error.value.message_dict["deadline"][0]
    with pytest.raises(ValidationError) as error:
        services.key_task_create(
            actor=None, notice=notice, title="X", lead_unit=world.unit, deadline=D(2017, 7, 1)
        )
    assert "không được trước ngày họp (26/7/2017)" in error.value.message_dict["deadline"][0]


def test_a_stale_version_is_an_edit_conflict(world):
    notice = make_notice(make_meeting(world), tasks=1)
    key_task = notice.key_tasks.get()
    services.key_task_update(actor=None, key_task=key_task, expected_version=1, title="Bản sửa thứ nhất")
    with pytest.raises(EditConflict):
        services.key_task_update(actor=None, key_task=key_task, expected_version=1, title="Bản sửa thứ hai")
    with pytest.raises(EditConflict):
        services.conclusion_issue(actor=None, notice=notice, expected_version=notice.version + 5)
    with pytest.raises(ValidationError):
        services.conclusion_update(actor=None, notice=_issue(notice), date=D(2017, 8, 2))


def test_an_existing_task_is_taken_over_not_duplicated(world):
    """key_task_attach: a Task entered by hand (or by the demo) follows the key task from then on."""
    task = make_task(world, title="Nhiệm vụ đã giao từ trước", deadline=D(2017, 12, 31))
    task_services.progress_create(actor=None, task=task, unit=world.unit, text="Đang làm.", percent=20)
    notice = make_notice(make_meeting(world), tasks=0)
    key_task = add_key_task(notice, title=task.title, lead_unit=task.lead_unit)
    services.key_task_attach(actor=None, key_task=key_task, task=task)
    _issue(notice)
    task.refresh_from_db()
    assert Task.objects.count() == 1
    assert (task.source_kind, task.source_id, task.percent) == (CONCLUSION_SOURCE_KIND, notice.pk, 20)
    other_notice = make_notice(make_meeting(world, date=D(2017, 8, 1)), tasks=0)
    other = add_key_task(other_notice, title="Khác", lead_unit=world.unit)
    with pytest.raises(ValidationError):
        services.key_task_attach(actor=None, key_task=other, task=task)
    foreign = make_task(world, committee=CommitteeFactory(member_units=[world.unit]))
    with pytest.raises(ValidationError) as error:
        services.key_task_attach(actor=None, key_task=other, task=foreign)
    assert error.value.messages == [str(services.TASK_OTHER_COMMITTEE)]


def test_changes_are_audited_with_the_actor(world):
    notice = make_notice(make_meeting(world), tasks=1)
    key_task = notice.key_tasks.get()
    services.key_task_update(
        actor=world.secretariat, key_task=key_task, coordinating_units=[world.other_unit]
    )
    latest = key_task.history.latest()
    assert latest.history_user == world.secretariat
    assert latest.history_change_reason == "Đơn vị phối hợp: thêm Thành phố Lạng Sơn"
    issued = services.conclusion_issue(actor=world.secretariat, notice=notice)
    record = issued.history.latest()
    assert (
        record.history_user == world.secretariat and record.history_change_reason == "Ban hành số 01/TB-BCĐ"
    )


def test_key_tasks_keep_the_notices_deadline_wording_and_print_it(world):
    """ "Trong quý III/2017", "khẩn trương", an event: the notice prints the words, the Task follows the date."""
    from docx import Document

    from giaoban.meetings import documents
    from giaoban.tasks.deadlines import DeadlineKind

    notice = make_notice(make_meeting(world), tasks=0)
    add_key_task(
        notice,
        title="Tuyên truyền kỷ niệm",
        lead_unit=world.unit,
        deadline=None,
        deadline_wording="trong quý III/2017",
    )
    add_key_task(
        notice,
        title="Rà soát tin sai lệch",
        lead_unit=world.unit,
        deadline=None,
        deadline_wording="khẩn trương",
    )
    add_key_task(
        notice,
        title="Đón tiếp phóng viên",
        lead_unit=world.unit,
        deadline=D(2017, 10, 4),
        deadline_wording="trước, trong thời gian tổ chức Lễ kỷ niệm",
    )
    issued = _issue(notice, date=D(2017, 7, 28))
    tasks = _tasks_of(issued)
    assert [(t.deadline, t.deadline_kind, t.deadline_wording) for t in tasks] == [
        (D(2017, 9, 30), DeadlineKind.PERIOD, "trong quý III/2017"),
        (D(2017, 8, 4), DeadlineKind.URGENT, "khẩn trương"),
        (D(2017, 10, 4), DeadlineKind.EVENT, "trước, trong thời gian tổ chức Lễ kỷ niệm"),
    ]
    rendered = documents.render(documents.CONCLUSION, issued.meeting, issued, "docx")
    text = "\n".join(p.text for p in Document(__import__("io").BytesIO(rendered.content)).paragraphs)
    assert "thời hạn: trong quý III/2017." in text
    assert "thời hạn: khẩn trương." in text
    assert "thời hạn: trước, trong thời gian tổ chức Lễ kỷ niệm." in text
    assert "4/8/2017" not in text  # the follow-up date of an urgent task is never printed


def test_the_heading_names_the_next_period_only_when_every_task_falls_due_in_it(world):
    from docx import Document

    from giaoban.meetings import documents

    def headings(notice) -> list[str]:
        rendered = documents.render(documents.CONCLUSION, notice.meeting, notice, "docx")
        paragraphs = Document(__import__("io").BytesIO(rendered.content)).paragraphs
        return [p.text for p in paragraphs if "NHIỆM VỤ TRỌNG TÂM" in p.text]

    notice = make_notice(make_meeting(world), tasks=2)  # due 31/12/2017
    assert headings(notice) == ["I. NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2017"]
    add_key_task(notice, title="Tổng kết", lead_unit=world.unit, deadline=D(2018, 3, 31))
    assert headings(notice) == ["I. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI"]


def test_once_issued_the_notice_page_offers_the_download_first_and_reissuing_as_a_risk(world, client_for):
    import re

    meeting = make_meeting(world)
    notice = make_notice(meeting, tasks=1)
    client = client_for(world.secretariat)

    def button_class(page: str, element_id: str) -> str:
        return re.search(rf'class="btn ([^"]+)"[^>]*id="{element_id}"', page).group(1)

    page = client.get(notice.get_absolute_url()).content.decode()
    assert button_class(page, "notice-issue-link") == "btn-primary"
    _issue(notice)
    page = client.get(notice.get_absolute_url()).content.decode()
    assert button_class(page, "notice-issue-link") == "btn-outline-danger"
    assert button_class(page, "download-conclusion-docx") == "btn-primary"
