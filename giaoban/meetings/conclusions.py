"""Writes of conclusion notices and their key tasks (re-exported by services.py).

Issuing a notice gives it the next number of its committee's document series and creates one tracked
Task per key task, all in one transaction. From then on the notice and its Tasks stay in step: editing a
key task updates its Task through the tasks app's services (never a second Task; progress, extensions
and completion stay with the Task), a key task added later gets its Task at once, and issuing again
pushes every key task to its Task without creating any. A key task whose Task exists cannot be deleted:
the Task is stopped ("Dừng thực hiện") in the tasks app instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giaoban.core.counters import document_number_register
from giaoban.core.services import EditConflict, apply_changes, audited_save, normalise_fields
from giaoban.core.vietnamese import format_date_short, sort_vietnamese
from giaoban.notifications.models import NotificationKind
from giaoban.notifications.selectors import leaders_of, secretariat_of
from giaoban.notifications.services import notify
from giaoban.org.letterhead import check_letterhead, document_letterhead
from giaoban.org.models import Committee, Organisation
from giaoban.org.services import unit_ended_message
from giaoban.tasks import deadlines
from giaoban.tasks import services as task_services
from giaoban.tasks.models import Task

from .drafting import lower_first, notice_defaults
from .models import CONCLUSION_SOURCE_KIND, ConclusionNotice, KeyTask, Meeting, NoticeState

# --- Messages tests check ----------------------------------------------------------------------------

CONCLUSION_EXISTS = _("Hội nghị này đã có thông báo kết luận.")
NOTICE_BEFORE_MEETING = _("Ngày ban hành không được trước ngày họp (%(date)s).")
ISSUED_DATE_FIXED = _("Thông báo đã ban hành: số và ngày ban hành không thay đổi được.")
KEY_TASK_HAS_TASK = _(
    "Nhiệm vụ này đã được giao và đang được theo dõi (%(code)s) nên không xóa được; nếu không thực hiện "
    "nữa, hãy dừng thực hiện nhiệm vụ đó."
)
UNIT_NOT_IN_COMMITTEE = _("Đơn vị “%(unit)s” không phải là đơn vị thành viên của ban chỉ đạo.")
LEAD_ALSO_COORDINATING = _("Đơn vị chủ trì không được đồng thời là đơn vị phối hợp.")
DEADLINE_OR_RECURRING = _("Nhập thời hạn, hoặc đánh dấu là nhiệm vụ thường xuyên (không có thời hạn).")
DEADLINE_BEFORE_NOTICE = _("Thời hạn phải sau hoặc bằng ngày ban hành thông báo (%(date)s).")
DEADLINE_BEFORE_MEETING = _("Thời hạn (%(deadline)s) không được trước ngày họp (%(date)s).")
SIGN_OFF_REQUIRED = _(
    "Ban chỉ đạo yêu cầu lãnh đạo đồng ý trước khi ban hành: thông báo này chưa được lãnh đạo “Đồng ý ban hành”."
)
SIGN_OFF_NOT_DRAFT = _("Thông báo đã ban hành, không cần lãnh đạo đồng ý nữa.")
SIGN_OFF_DONE = _("Lãnh đạo đã đồng ý ban hành thông báo này.")
SIGN_OFF_NOT_REQUIRED = _("Ban chỉ đạo không yêu cầu lãnh đạo đồng ý trước khi ban hành thông báo kết luận.")
SIGNER_REQUIRED = _("Chưa chọn người ký: thông báo kết luận phải có người ký mới ban hành được.")
TASK_OTHER_COMMITTEE = _("Nhiệm vụ đó thuộc ban chỉ đạo khác.")
TASK_ALREADY_FOLLOWED = _("Nhiệm vụ đó đã gắn với một nhiệm vụ trọng tâm khác.")
ISSUE_ITEM_ERROR = _("Nhiệm vụ %(number)s: %(message)s")

NOTICE_FIELDS = (
    "date",
    "summary",
    "opening",
    "assessment",
    "limitations",
    "closing",
    "signer",
    "signing_prefix",
    "signing_authority",
    "signer_title",
    "recipients",
    "letterhead",
)
KEY_TASK_FIELDS = ("title", "description", "lead_unit", "recurring", "deadline", "deadline_wording")
MULTILINE = ("opening", "assessment", "limitations", "closing", "recipients", "description")
NOTICE_TYPE_CODE = "TB"  # Decree 30/2020/NĐ-CP, Appendix III: Thông báo


def _pick(data: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return normalise_fields({k: v for k, v in data.items() if k in fields}, multiline=MULTILINE)


def notice_symbol(notice: ConclusionNotice) -> str:
    """ "125/TB-BCĐ" (state layout) or "05-TB/BCĐ94" (Party layout): the number line without "Số"."""
    if notice.number is None:
        return ""
    return document_letterhead(notice, notice.committee).symbol(notice.number, NOTICE_TYPE_CODE)


def _source_title(notice: ConclusionNotice) -> str:
    return f"Thông báo kết luận {lower_first(notice.meeting.title)}"[:300]


def _check_date(notice: ConclusionNotice) -> None:
    check_letterhead(notice.committee, notice.letterhead)
    meeting_date = notice.meeting.date
    if notice.date is not None and notice.date < meeting_date:
        raise ValidationError({"date": NOTICE_BEFORE_MEETING % {"date": format_date_short(meeting_date)}})


# --- Notices -----------------------------------------------------------------------------------------


@transaction.atomic
def conclusion_create(*, actor: Any, meeting: Meeting, **data: Any) -> ConclusionNotice:
    """Draft the meeting's conclusion notice; what is not given is drafted from the meeting (summary,
    opening, signer and signing authority, closing, recipients)."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).exists()
    if ConclusionNotice.objects.filter(meeting=meeting).exists():
        raise ValidationError(CONCLUSION_EXISTS, code="exists")
    values = {**notice_defaults(meeting), **_pick(data, NOTICE_FIELDS)}
    notice = ConclusionNotice(meeting=meeting, committee=meeting.committee, **values)
    _check_date(notice)
    audited_save(notice, actor=actor)
    return notice


@transaction.atomic
def conclusion_update(
    *, actor: Any, notice: ConclusionNotice, expected_version: int | None = None, **data: Any
) -> ConclusionNotice:
    """Edit a notice's text and signature; once issued its number and date stay."""
    locked = ConclusionNotice.objects.select_for_update().select_related("meeting").get(pk=notice.pk)
    values = _pick(data, NOTICE_FIELDS)
    if locked.is_issued and "date" in values and values["date"] != locked.date:
        raise ValidationError({"date": ISSUED_DATE_FIXED})
    if locked.is_issued and "signer" in values and values["signer"] is None:
        raise ValidationError({"signer": SIGNER_REQUIRED}, code="signer")
    if apply_changes(locked, values, expected_version=expected_version):
        _check_date(locked)
        reason = _withdraw_sign_off(locked)
        audited_save(locked, actor=actor, reason=reason)
    return locked


def _withdraw_sign_off(notice: ConclusionNotice) -> str:
    """A draft changed after the leader agreed needs agreeing again: clears the sign-off, returns the
    history's reason ("" when there was none to clear). The caller saves the notice."""
    if notice.is_issued or not notice.is_signed_off:
        return ""
    notice.signed_off_at = None
    notice.signed_off_by = None
    _notify_sign_off(notice, NotificationKind.NOTICE_SIGN_OFF_REQUESTED)
    return "Nội dung thay đổi sau khi lãnh đạo đồng ý: cần lãnh đạo đồng ý lại"


def _key_tasks_changed(actor: Any, notice: ConclusionNotice) -> None:
    """A key task of a signed-off draft was added, changed or deleted: the sign-off is withdrawn."""
    reason = _withdraw_sign_off(notice)
    if reason:
        notice.version += 1
        audited_save(notice, actor=actor, reason=reason)


@transaction.atomic
def conclusion_sign_off(
    *,
    actor: Any,
    notice: ConclusionNotice,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> ConclusionNotice:
    """A leader's "Đồng ý ban hành" on a draft of a committee that asks for it; who and when are kept, and
    the secretariat may then issue it (conclusion_issue)."""
    locked = _lock_notice(notice)
    if expected_version is not None and locked.version != expected_version:
        raise EditConflict()
    if locked.is_issued:
        raise ValidationError(SIGN_OFF_NOT_DRAFT, code="issued")
    if not locked.committee.notice_requires_sign_off:
        raise ValidationError(SIGN_OFF_NOT_REQUIRED, code="not_required")
    if locked.is_signed_off:
        raise ValidationError(SIGN_OFF_DONE, code="signed_off")
    locked.signed_off_at = at or timezone.now()
    locked.signed_off_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.version += 1
    audited_save(locked, actor=actor, reason="Lãnh đạo đồng ý ban hành")
    _notify_sign_off(locked, NotificationKind.NOTICE_SIGNED_OFF)
    return locked


def _notify_sign_off(notice: ConclusionNotice, kind: Any) -> None:
    """The leaders, when a notice awaits their agreement again; the secretariat, once they agreed."""
    committee = notice.committee
    wanted = leaders_of if kind == NotificationKind.NOTICE_SIGN_OFF_REQUESTED else secretariat_of
    notify(
        recipients=wanted(committee.pk),
        kind=kind,
        committee=committee,
        unit=committee.standing_agency,
        subject=notice.summary,
        link=notice.get_absolute_url(),
    )


@transaction.atomic
def conclusion_issue(
    *,
    actor: Any,
    notice: ConclusionNotice,
    expected_version: int | None = None,
    number: int | None = None,
    date: dt.date | None = None,
) -> ConclusionNotice:
    """Issue the notice (number from the committee's series, date default today) and create its Tasks;
    on an issued notice, push every key task to its Task again. One transaction: a key task the tasks
    app refuses leaves nothing issued and no Task created."""
    locked = _lock_notice(notice)
    if expected_version is not None and locked.version != expected_version:
        raise EditConflict()
    if locked.is_issued:
        if (number is not None and number != locked.number) or (date is not None and date != locked.date):
            raise ValidationError(ISSUED_DATE_FIXED, code="issued")
        reason = "Ban hành lại: cập nhật các nhiệm vụ đã giao"
    else:
        if locked.signer_id is None:
            raise ValidationError({"signer": SIGNER_REQUIRED}, code="signer")
        if locked.awaits_sign_off:
            raise ValidationError(SIGN_OFF_REQUIRED, code="sign_off")
        locked.date = date or locked.date or timezone.localdate()
        _check_date(locked)
        locked.year = locked.date.year
        locked.number = document_number_register(
            document=locked, committee_id=locked.committee_id, number=number
        )
        locked.state = NoticeState.ISSUED
        locked.issued_at = timezone.now()
        locked.issued_by = actor if getattr(actor, "is_authenticated", False) else None
        reason = f"Ban hành số {notice_symbol(locked)}"
    locked.version += 1
    audited_save(locked, actor=actor, reason=reason)
    _sync_all(actor, locked)
    return locked


# --- Key tasks ---------------------------------------------------------------------------------------


def allowed_unit_ids(committee: Committee) -> set[int]:
    ids = set(committee.member_units.values_list("pk", flat=True))
    if committee.standing_agency_id:
        ids.add(committee.standing_agency_id)
    return ids


def assigned_on_of(notice: ConclusionNotice) -> dt.date:
    """The day the key tasks are given: the notice's date, else its meeting's (a draft has none yet)."""
    return notice.date or notice.meeting.date


def _validate_key_task(
    key_task: KeyTask, notice: ConclusionNotice, coordinating: Sequence[Organisation]
) -> None:
    errors: dict[str, list[Any]] = {}
    if key_task.recurring == (key_task.deadline is not None):
        errors.setdefault("deadline", []).append(DEADLINE_OR_RECURRING)
    elif key_task.deadline and key_task.deadline < notice.meeting.date:
        errors.setdefault("deadline", []).append(
            DEADLINE_BEFORE_MEETING
            % {
                "deadline": format_date_short(key_task.deadline),
                "date": format_date_short(notice.meeting.date),
            }
        )
    elif key_task.deadline and notice.date and key_task.deadline < notice.date:
        errors.setdefault("deadline", []).append(
            DEADLINE_BEFORE_NOTICE % {"date": format_date_short(notice.date)}
        )
    if key_task.lead_unit_id and key_task.lead_unit_id in {unit.pk for unit in coordinating}:
        errors.setdefault("coordinating_units", []).append(LEAD_ALSO_COORDINATING)
    given = assigned_on_of(notice)
    if key_task.lead_unit_id and (message := unit_ended_message(key_task.lead_unit, given)):
        errors.setdefault("lead_unit", []).append(message)
    for unit in coordinating:
        if message := unit_ended_message(unit, given):
            errors.setdefault("coordinating_units", []).append(message)
    if errors:
        raise ValidationError(errors)


def _lock_notice(notice: ConclusionNotice) -> ConclusionNotice:
    """One writer of a notice's key tasks at a time, so none is missed by a concurrent issue. Only the
    notice's row: locking its meeting and committee too would hold up every other document of the
    committee (and deadlock with one being numbered)."""
    return (
        ConclusionNotice.objects.select_for_update(of=("self",))
        .select_related("meeting", "committee")
        .get(pk=notice.pk)
    )


def _key_tasks(notice: ConclusionNotice) -> list[KeyTask]:
    return list(
        KeyTask.objects.filter(notice=notice)
        .select_related("lead_unit", "task")
        .prefetch_related("coordinating_units")
        .order_by("position", "pk")
    )


def _renumber(ordered: list[KeyTask], keep: KeyTask | None = None) -> None:
    """Number the key tasks 1, 2, … in the given order; `keep` is saved by the caller."""
    moved = []
    for number, entry in enumerate(ordered, start=1):
        if entry.position != number:
            entry.position = number
            if entry.pk and (keep is None or entry.pk != keep.pk):
                moved.append(entry)
    KeyTask.objects.bulk_update(moved, ["position"])


def _insert(items: list[KeyTask], key_task: KeyTask, position: int | None) -> list[KeyTask]:
    others = [item for item in items if item.pk != key_task.pk or key_task.pk is None]
    index = len(others) if position is None else min(max(position, 1) - 1, len(others))
    return [*others[:index], key_task, *others[index:]]


def _coordination_reason(current: dict[int, Organisation], wanted: dict[int, Organisation]) -> str:
    added = [wanted[pk].name for pk in wanted.keys() - current.keys()]
    removed = [current[pk].name for pk in current.keys() - wanted.keys()]
    parts = []
    if added:
        parts.append("thêm " + ", ".join(sort_vietnamese(added)))
    if removed:
        parts.append("bớt " + ", ".join(sort_vietnamese(removed)))
    return "Đơn vị phối hợp: " + "; ".join(parts) if parts else ""


@transaction.atomic
def key_task_create(
    *,
    actor: Any,
    notice: ConclusionNotice,
    title: str,
    lead_unit: Organisation,
    coordinating_units: Sequence[Organisation] = (),
    recurring: bool = False,
    deadline: dt.date | None = None,
    deadline_wording: str = "",
    description: str = "",
    position: int | None = None,
) -> KeyTask:
    """Add a key task (last unless a position is given); on an issued notice its Task is created now. The
    deadline is a date, "recurring", or the notice's wording ("trong quý III/2017", "khẩn trương"), printed
    as written; tasks.deadlines reads the due date from it."""
    locked = _lock_notice(notice)
    values = _pick(
        {
            "title": title,
            "description": description,
            "lead_unit": lead_unit,
            "recurring": recurring,
            "deadline": None if recurring and not deadline_wording else deadline,
            "deadline_wording": deadline_wording,
        },
        KEY_TASK_FIELDS,
    )
    _kind, values["deadline"], values["recurring"] = deadlines.resolve(
        wording=values["deadline_wording"],
        deadline=values["deadline"],
        recurring=values["recurring"],
        assigned_on=assigned_on_of(locked),
    )
    key_task = KeyTask(notice=locked, position=1, **values)
    coordinating = list(dict.fromkeys(coordinating_units))
    _validate_key_task(key_task, locked, coordinating)
    _renumber(_insert(_key_tasks(locked), key_task, position), keep=key_task)
    audited_save(key_task, actor=actor)
    if coordinating:
        key_task.coordinating_units.set(coordinating)
    _key_tasks_changed(actor, locked)
    if locked.is_issued:
        _sync_all(actor, locked)
    return key_task


@transaction.atomic
def key_tasks_create(
    *, actor: Any, notice: ConclusionNotice, items: Sequence[dict[str, Any]]
) -> list[KeyTask]:
    """Add several key tasks at once (the confirmed proposals of a pasted text), last and in order: all or
    none. Each refusal names its row ("Nhiệm vụ 3: …") and they are raised together."""
    created: list[KeyTask] = []
    errors: list[str] = []
    for number, item in enumerate(items, start=1):
        try:
            with transaction.atomic():
                created.append(key_task_create(actor=actor, notice=notice, **item))
        except ValidationError as error:
            for message in error.messages:
                errors.append(str(ISSUE_ITEM_ERROR % {"number": number, "message": message}))
    if errors:
        raise ValidationError(errors, code="items")
    return created


@transaction.atomic
def key_task_update(
    *,
    actor: Any,
    key_task: KeyTask,
    expected_version: int | None = None,
    coordinating_units: Sequence[Organisation] | None = None,
    position: int | None = None,
    **data: Any,
) -> KeyTask:
    """Edit a key task; on an issued notice its Task is updated in the same transaction (the tasks app
    may refuse, e.g. a new deadline for a task already extended: then nothing is saved)."""
    locked_notice = _lock_notice(key_task.notice)
    locked = KeyTask.objects.select_for_update().select_related("lead_unit").get(pk=key_task.pk)
    values = _pick(data, KEY_TASK_FIELDS)
    if values.get("recurring") and not values.get("deadline_wording"):
        values["deadline"] = None
    changed = apply_changes(locked, values, expected_version=expected_version)
    if deadlines.DEADLINE_FIELDS & set(changed):
        _kind, locked.deadline, locked.recurring = deadlines.re_resolve(
            wording=locked.deadline_wording,
            deadline=locked.deadline,
            recurring=locked.recurring,
            assigned_on=assigned_on_of(locked_notice),
            wording_changed="deadline_wording" in changed,
            date_changed="deadline" in changed,
        )
    current = {unit.pk: unit for unit in locked.coordinating_units.all()}
    wanted = current if coordinating_units is None else {unit.pk: unit for unit in coordinating_units}
    _validate_key_task(locked, locked_notice, list(wanted.values()))
    reason = _coordination_reason(current, wanted)
    if reason:
        locked.coordinating_units.set(list(wanted.values()))
    moved = position is not None and position != locked.position
    if moved:
        _renumber(_insert(_key_tasks(locked_notice), locked, position), keep=locked)
    if (reason or moved) and not changed:
        locked.version += 1
    if changed or reason or moved:
        audited_save(locked, actor=actor, reason=reason)
        _key_tasks_changed(actor, locked_notice)
        if locked_notice.is_issued and moved:
            _sync_all(actor, locked_notice)  # the numbers of the others changed too
        elif locked_notice.is_issued:
            _sync(actor, locked_notice, locked)  # the tasks app's refusals land on this form's fields
    return locked


@transaction.atomic
def key_task_delete(*, actor: Any, key_task: KeyTask) -> None:
    """Delete a key task not yet given a Task; the others are numbered again."""
    locked_notice = _lock_notice(key_task.notice)
    locked = KeyTask.objects.select_for_update().get(pk=key_task.pk)
    if locked.task_id is not None:
        raise ValidationError(KEY_TASK_HAS_TASK % {"code": locked.task.code}, code="has_task")
    if actor is not None and getattr(actor, "is_authenticated", False):
        locked._history_user = actor
    locked.delete()
    _renumber(_key_tasks(locked_notice))
    _key_tasks_changed(actor, locked_notice)


@transaction.atomic
def key_task_attach(*, actor: Any, key_task: KeyTask, task: Task) -> KeyTask:
    """Follow a key task by a Task that already exists (entered by hand before the notice, or the demo
    world's), instead of creating one: the Task keeps its code, progress and history and is linked to the
    notice. On an issued notice the key task's content is pushed to it at once."""
    locked_notice = _lock_notice(key_task.notice)
    locked = KeyTask.objects.select_for_update().get(pk=key_task.pk)
    if locked.task_id == task.pk:
        return locked
    if task.committee_id != locked_notice.committee_id:
        raise ValidationError(TASK_OTHER_COMMITTEE, code="committee")
    if locked.task_id is not None or KeyTask.objects.filter(task=task).exists():
        raise ValidationError(TASK_ALREADY_FOLLOWED, code="followed")
    task_services.task_link_source(
        actor=actor, task=task, source_kind=CONCLUSION_SOURCE_KIND, source_id=locked_notice.pk
    )
    locked.task = task
    audited_save(locked, actor=actor, reason=f"Theo dõi bằng nhiệm vụ {task.code}")
    if locked_notice.is_issued:
        _sync_all(actor, locked_notice)
    return locked


# --- Keeping the Tasks in step -------------------------------------------------------------------------


def _sync(actor: Any, notice: ConclusionNotice, key_task: KeyTask) -> None:
    """Create the key task's Task, or update it. The source document (number, date, issuer) is written
    when the Task is created; afterwards it is the notice's own, which does not change."""
    coordinating = list(key_task.coordinating_units.all())
    if key_task.task_id is None:
        task = task_services.task_create(
            actor=actor,
            committee=notice.committee,
            title=key_task.title,
            description=key_task.description,
            lead_unit=key_task.lead_unit,
            coordinating_units=coordinating,
            recurring=key_task.recurring,
            deadline=key_task.deadline,
            deadline_wording=key_task.deadline_wording,
            assigned_on=notice.date,
            source_title=_source_title(notice),
            source_number=notice_symbol(notice),
            source_date=notice.date,
            source_issuer=notice.committee.name,
            source_item=key_task.position,
            source_kind=CONCLUSION_SOURCE_KIND,
            source_id=notice.pk,
        )
        key_task.task = task
        audited_save(key_task, actor=actor, reason=f"Giao nhiệm vụ {task.code}")
        return
    task_services.task_update(
        actor=actor,
        task=key_task.task,
        coordinating_units=coordinating,
        title=key_task.title,
        description=key_task.description,
        lead_unit=key_task.lead_unit,
        recurring=key_task.recurring,
        deadline=key_task.deadline,
        deadline_wording=key_task.deadline_wording,
        source_item=key_task.position,
    )


def _sync_all(actor: Any, notice: ConclusionNotice) -> None:
    """Every key task to its Task; the tasks app's refusals are gathered, numbered, and raised together."""
    errors: list[str] = []
    for key_task in _key_tasks(notice):
        try:
            with transaction.atomic():
                _sync(actor, notice, key_task)
        except ValidationError as error:
            for message in error.messages:
                errors.append(str(ISSUE_ITEM_ERROR % {"number": key_task.position, "message": message}))
    if errors:
        raise ValidationError(errors, code="tasks")
