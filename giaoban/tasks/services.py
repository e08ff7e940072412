"""Every write to tasks, their progress, completion reports, extensions and notifications.

Services validate the business rules (messages below are what tests check); the pages and the API
check who may call them (permissions.py). Dates of completion, cancellation and decisions may lie in
the past (records entered late, the demo world) but never after today: status.py relies on that.
Reminders are sent by reminders.reminders_send, re-exported here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giaoban.core.counters import counter_next
from giaoban.core.services import EditConflict, apply_changes, audited_save, normalise_fields
from giaoban.core.uploads import ALL_KINDS, check_upload
from giaoban.core.vietnamese import format_date_short, nfc, search_key, sort_vietnamese
from giaoban.notifications.models import NotificationKind
from giaoban.notifications.selectors import officers_of, secretariat_of
from giaoban.notifications.services import notify, notify_units
from giaoban.org.models import Committee, Organisation, Reorganisation
from giaoban.org.services import unit_ended_message

from . import deadlines
from . import permissions as task_permissions
from .models import (
    CompletionReport,
    ExtensionRequest,
    ProgressUpdate,
    ReviewState,
    Task,
    TaskUnitTransfer,
    UnitRole,
)

# --- Messages tests check ----------------------------------------------------------------------

DEADLINE_OR_RECURRING = _("Nhập thời hạn, hoặc đánh dấu là nhiệm vụ thường xuyên (không có thời hạn).")
DEADLINE_BEFORE_ASSIGNED = _("Thời hạn phải sau hoặc bằng ngày giao nhiệm vụ.")
LEAD_ALSO_COORDINATING = _("Đơn vị chủ trì không được đồng thời là đơn vị phối hợp.")
PARENT_OTHER_COMMITTEE = _("Nhiệm vụ cha phải thuộc cùng ban chỉ đạo và không phải là nhiệm vụ con.")
DEADLINE_CHANGE_AFTER_EXTENSION = _("Nhiệm vụ đã được gia hạn: thời hạn chỉ thay đổi qua đề nghị gia hạn.")
TASK_CLOSED = _("Nhiệm vụ đã hoàn thành hoặc đã dừng thực hiện.")
DATE_IN_FUTURE = _("Ngày không được sau hôm nay.")
DATE_BEFORE_ASSIGNED = _("Ngày không được trước ngày giao nhiệm vụ.")
NOT_TASK_UNIT = _("Đơn vị của bạn không chủ trì hay phối hợp thực hiện nhiệm vụ này.")
NOT_LEAD_UNIT = _("Chỉ đơn vị chủ trì mới làm được việc này.")
RECURRING_NO_COMPLETION = _("Nhiệm vụ thường xuyên không có báo cáo hoàn thành hay gia hạn.")
COMPLETION_PENDING = _("Nhiệm vụ đang có báo cáo hoàn thành chờ xác nhận.")
REVIEW_DONE = _("Đề nghị này đã được xem xét.")
RETURN_NEEDS_COMMENT = _("Hãy ghi ý kiến khi trả lại hoặc không chấp thuận.")
EXTENSION_PENDING = _("Nhiệm vụ đang có đề nghị gia hạn chờ quyết định.")
EXTENSION_LIMIT = _("Nhiệm vụ đã được gia hạn %(count)s lần, bằng số lần tối đa cho phép.")
EXTENSION_NOT_LATER = _("Thời hạn mới phải sau thời hạn hiện hành (%(deadline)s).")
DECISION_BEFORE_REQUEST = _("Ngày quyết định không được trước ngày đề nghị hay lần gia hạn trước.")
CANCEL_NEEDS_REASON = _("Hãy ghi lý do dừng thực hiện.")
# What a progress attachment or completion evidence may be: documents, or photos of the work done.
TASK_FILE_KINDS = ALL_KINDS

TASK_FIELDS = (
    "title",
    "description",
    "parent",
    "source_title",
    "source_number",
    "source_date",
    "source_issuer",
    "source_item",
    "lead_unit",
    "assigned_on",
    "recurring",
    "deadline",
    "deadline_wording",
)
MULTILINE = ("description", "text", "reason", "comment", "decision_note", "cancel_reason")


def _today() -> dt.date:
    return timezone.localdate()


def _check_not_future(day: dt.date, field: str) -> None:
    if day > _today():
        raise ValidationError({field: DATE_IN_FUTURE}, code="future")


def _text(value: str | None) -> str:
    return nfc(value or "").strip()


# --- Tasks -------------------------------------------------------------------------------------


def _task_search_key(task: Task) -> str:
    return search_key(f"{task.code} {task.title} {task.source_number}")


def _validate_task(task: Task, coordinating: Sequence[Organisation]) -> None:
    errors: dict[str, list[Any]] = {}
    if task.recurring == (task.deadline is not None):
        errors.setdefault("deadline", []).append(DEADLINE_OR_RECURRING)
    elif task.deadline and task.assigned_on and task.deadline < task.assigned_on:
        errors.setdefault("deadline", []).append(DEADLINE_BEFORE_ASSIGNED)
    if task.lead_unit_id and task.lead_unit_id in {unit.pk for unit in coordinating}:
        errors.setdefault("coordinating_units", []).append(LEAD_ALSO_COORDINATING)
    if task.lead_unit_id and (message := unit_ended_message(task.lead_unit, task.assigned_on)):
        errors.setdefault("lead_unit", []).append(message)
    for unit in coordinating:
        if message := unit_ended_message(unit, task.assigned_on):
            errors.setdefault("coordinating_units", []).append(message)
    parent = task.parent
    if parent is not None and (
        parent.committee_id != task.committee_id or parent.parent_id is not None or parent.pk == task.pk
    ):
        errors.setdefault("parent", []).append(PARENT_OTHER_COMMITTEE)
    if errors:
        raise ValidationError(errors)


def _coordination_reason(added: list[str], removed: list[str]) -> str:
    parts = []
    if added:
        parts.append("thêm " + ", ".join(sort_vietnamese(added)))
    if removed:
        parts.append("bớt " + ", ".join(sort_vietnamese(removed)))
    return "Đơn vị phối hợp: " + "; ".join(parts)


@transaction.atomic
def task_create(
    *,
    actor: Any,
    committee: Committee,
    title: str,
    lead_unit: Organisation,
    coordinating_units: Sequence[Organisation] = (),
    deadline: dt.date | None = None,
    recurring: bool = False,
    deadline_wording: str = "",
    assigned_on: dt.date | None = None,
    description: str = "",
    parent: Task | None = None,
    source_title: str = "",
    source_number: str = "",
    source_date: dt.date | None = None,
    source_issuer: str = "",
    source_item: int | None = None,
    source_kind: str = "",
    source_id: int | None = None,
) -> Task:
    """Create a task with its code (per committee and year). Everything a conclusion notice's key task
    carries can be given: a later app names its own record by `source_kind` and `source_id`. The deadline
    is a date, "recurring", or the directive's wording (`deadline_wording`, read by deadlines.resolve; a
    date given with it is the due date, e.g. an event's)."""
    data = normalise_fields(
        {
            "title": title,
            "description": description,
            "deadline_wording": deadline_wording,
            "source_title": source_title,
            "source_number": source_number,
            "source_issuer": source_issuer,
            "source_kind": source_kind,
        },
        multiline=MULTILINE,
    )
    assigned = assigned_on or source_date or _today()
    kind, deadline, recurring = deadlines.resolve(
        wording=data["deadline_wording"], deadline=deadline, recurring=recurring, assigned_on=assigned
    )
    task = Task(
        committee=committee,
        lead_unit=lead_unit,
        parent=parent,
        deadline=deadline,
        deadline_in_force=deadline,
        deadline_kind=kind,
        recurring=recurring,
        assigned_on=assigned,
        source_date=source_date,
        source_item=source_item,
        source_id=source_id,
        year=assigned.year,
        number=0,
        code="",
        **data,
    )
    coordinating = list(dict.fromkeys(coordinating_units))
    _validate_task(task, coordinating)
    task.number = counter_next(f"task:{committee.pk}:{assigned.year}")
    task.code = f"NV-{assigned.year}-{task.number:03d}"
    task.search_key = _task_search_key(task)
    audited_save(task, actor=actor)
    if coordinating:
        task.coordinating_units.set(coordinating)
    _notify_assigned(task, lead=True, coordinating=[unit.pk for unit in coordinating])
    return task


def _notify_assigned(task: Task, *, lead: bool, coordinating: Sequence[int]) -> None:
    """Tell the officers of the units a task was just addressed to: the lead unit (when `lead`) and the
    coordinating units listed; each notification says which role the unit has."""
    units = dict(Organisation.objects.in_bulk(list(coordinating))) if coordinating else {}
    notes = dict.fromkeys(units, "coordinating")
    if lead:
        units[task.lead_unit_id] = task.lead_unit
        notes[task.lead_unit_id] = "lead"
    if units:
        notify_units(units=units.values(), kind=NotificationKind.TASK_ASSIGNED, task=task, notes=notes)


@transaction.atomic
def task_update(
    *,
    actor: Any,
    task: Task,
    expected_version: int | None = None,
    coordinating_units: Sequence[Organisation] | None = None,
    **data: Any,
) -> Task:
    """Edit a task; a stale expected_version raises EditConflict and writes nothing. Once a task was
    extended its deadline changes only by extension."""
    locked = Task.objects.select_for_update().select_related("committee", "lead_unit").get(pk=task.pk)
    if expected_version is not None and locked.version != expected_version:
        raise EditConflict()
    values = normalise_fields({k: v for k, v in data.items() if k in TASK_FIELDS}, multiline=MULTILINE)
    if values.get("recurring") and not values.get("deadline_wording"):
        values["deadline"] = None
    before = (locked.deadline, locked.recurring)
    changed = apply_changes(locked, values, expected_version=None)
    if deadlines.DEADLINE_FIELDS & set(changed):
        locked.deadline_kind, locked.deadline, locked.recurring = deadlines.re_resolve(
            wording=locked.deadline_wording,
            deadline=locked.deadline,
            recurring=locked.recurring,
            assigned_on=locked.assigned_on,
            wording_changed="deadline_wording" in changed,
            date_changed="deadline" in changed,
        )
    if (locked.deadline, locked.recurring) != before:
        if locked.extension_count:
            raise ValidationError({"deadline": DEADLINE_CHANGE_AFTER_EXTENSION})
        locked.deadline_in_force = locked.deadline
    current = {unit.pk: unit for unit in locked.coordinating_units.all()}
    wanted = current if coordinating_units is None else {u.pk: u for u in coordinating_units}
    _validate_task(locked, list(wanted.values()))
    reason = ""
    added = [wanted[pk].name for pk in wanted.keys() - current.keys()]
    removed = [current[pk].name for pk in current.keys() - wanted.keys()]
    if added or removed:
        reason = _coordination_reason(added, removed)
        if not changed:
            locked.version += 1
        locked.coordinating_units.set(list(wanted.values()))
    if changed or reason:
        locked.search_key = _task_search_key(locked)
        audited_save(locked, actor=actor, reason=reason)
    # Re-addressed: the units new to the task hear of it.
    _notify_assigned(locked, lead="lead_unit" in changed, coordinating=sorted(wanted.keys() - current.keys()))
    return locked


@transaction.atomic
def task_cancel(
    *, actor: Any, task: Task, reason: str, on: dt.date | None = None, expected_version: int | None = None
) -> Task:
    """Stop a task ("Dừng thực hiện") with a reason; it drops out of the rates from that date."""
    locked = Task.objects.select_for_update().get(pk=task.pk)
    if expected_version is not None and locked.version != expected_version:
        raise EditConflict()
    if locked.is_closed:
        raise ValidationError(TASK_CLOSED, code="closed")
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": CANCEL_NEEDS_REASON})
    day = on or _today()
    _check_not_future(day, "on")
    if day < locked.assigned_on:
        raise ValidationError({"on": DATE_BEFORE_ASSIGNED})
    locked.cancelled_on = day
    locked.cancel_reason = reason
    locked.version += 1
    audited_save(locked, actor=actor, reason=reason)
    ExtensionRequest.objects.filter(task=locked, state=ReviewState.PENDING).update(
        state=ReviewState.REJECTED, decided_on=day, decision_note=reason
    )
    CompletionReport.objects.filter(task=locked, state=ReviewState.PENDING).update(
        state=ReviewState.REJECTED, decided_on=day, comment=reason
    )
    return locked


# --- Progress ------------------------------------------------------------------------------------


def _reporting_unit(actor: Any, task: Task, unit: Organisation | None) -> Organisation:
    chosen = unit or getattr(actor, "organisation", None)
    allowed = {task.lead_unit_id, *task.coordinating_units.values_list("pk", flat=True)}
    if unit is None and task_permissions.follows_up_for_lead_unit(actor, task):
        chosen = task.lead_unit
    if chosen is None or chosen.pk not in allowed:
        raise ValidationError(NOT_TASK_UNIT, code="not_task_unit")
    return chosen


def _check_report_date(task: Task, day: dt.date, field: str) -> None:
    _check_not_future(day, field)
    if day < task.assigned_on:
        raise ValidationError({field: DATE_BEFORE_ASSIGNED})


def _refresh_progress_summary(task: Task) -> None:
    """The task's latest percent (from the lead unit) and latest report date, kept for lists."""
    updates = ProgressUpdate.objects.filter(task=task).order_by("-reported_on", "-pk")
    latest = updates.values_list("reported_on", flat=True).first()
    percent = updates.filter(unit=task.lead_unit_id).values_list("percent", flat=True).first() or 0
    if task.completed_on is not None:
        percent = 100
    Task.objects.filter(pk=task.pk).update(percent=percent, progress_on=latest)
    task.percent, task.progress_on = percent, latest


@transaction.atomic
def progress_create(
    *,
    actor: Any,
    task: Task,
    text: str,
    percent: int,
    reported_on: dt.date | None = None,
    attachment: UploadedFile | None = None,
    unit: Organisation | None = None,
) -> ProgressUpdate:
    """A progress update by the lead unit or a coordinating unit (the actor's unit by default)."""
    locked = Task.objects.select_for_update().get(pk=task.pk)
    if locked.is_closed:
        raise ValidationError(TASK_CLOSED, code="closed")
    reporting_unit = _reporting_unit(actor, locked, unit)
    day = reported_on or _today()
    _check_report_date(locked, day, "reported_on")
    progress = ProgressUpdate(
        task=locked,
        unit=reporting_unit,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        reported_on=day,
        text=_text(text),
        percent=percent,
    )
    if attachment is not None:
        progress.attachment = check_upload(attachment, allowed=TASK_FILE_KINDS, field="attachment")
    audited_save(progress, actor=actor)
    _refresh_progress_summary(locked)
    return progress


@transaction.atomic
def progress_update(
    *,
    actor: Any,
    progress: ProgressUpdate,
    expected_version: int | None = None,
    text: str,
    percent: int,
    reported_on: dt.date,
    attachment: UploadedFile | None = None,
) -> ProgressUpdate:
    """Correct a progress update; a stale expected_version raises EditConflict and writes nothing."""
    locked = ProgressUpdate.objects.select_for_update().select_related("task").get(pk=progress.pk)
    if expected_version is not None and locked.version != expected_version:
        raise EditConflict()
    if locked.task.is_closed:
        raise ValidationError(TASK_CLOSED, code="closed")
    _check_report_date(locked.task, reported_on, "reported_on")
    changed = apply_changes(
        locked, {"text": _text(text), "percent": percent, "reported_on": reported_on}, expected_version=None
    )
    if attachment is not None:
        locked.attachment = check_upload(attachment, allowed=TASK_FILE_KINDS, field="attachment")
        if not changed:
            locked.version += 1
        changed.append("attachment")
    if changed:
        audited_save(locked, actor=actor)
        _refresh_progress_summary(locked.task)
    return locked


@dataclass
class BulkProgressRow:
    """One line of the bulk update page or upload: `line` names it in error messages."""

    line: int
    task: Task
    percent: int
    text: str
    reported_on: dt.date | None = None


class BulkProgressErrors(ValidationError):
    """Every problem of a bulk update at once; nothing was written."""


@transaction.atomic
def progress_bulk_create(*, actor: Any, rows: Sequence[BulkProgressRow]) -> list[ProgressUpdate]:
    """Post many progress updates at once: all rows are valid and written, or none is."""
    errors: list[str] = []
    created: list[ProgressUpdate] = []
    for row in rows:
        try:
            with transaction.atomic():
                created.append(
                    progress_create(
                        actor=actor,
                        task=row.task,
                        text=row.text,
                        percent=row.percent,
                        reported_on=row.reported_on,
                    )
                )
        except ValidationError as error:
            for message in error.messages:
                errors.append(
                    str(_("Dòng %(line)s (%(code)s): %(message)s"))
                    % {
                        "line": row.line,
                        "code": row.task.code,
                        "message": message,
                    }
                )
    if errors:
        transaction.set_rollback(True)
        raise BulkProgressErrors(errors)
    return created


# --- Completion ------------------------------------------------------------------------------------


def _lead_check(actor: Any, task: Task) -> None:
    if task.is_closed:
        raise ValidationError(TASK_CLOSED, code="closed")
    if task.recurring:
        raise ValidationError(RECURRING_NO_COMPLETION, code="recurring")
    # No actor: the system itself (imports, the demo world) acts for the lead unit; the secretariat
    # acts for a lead unit without an officer of its own.
    if actor is None or task_permissions.follows_up_for_lead_unit(actor, task):
        return
    if getattr(actor, "organisation_id", None) != task.lead_unit_id:
        raise ValidationError(NOT_LEAD_UNIT, code="not_lead_unit")


@transaction.atomic
def completion_report(
    *,
    actor: Any,
    task: Task,
    text: str,
    reported_on: dt.date | None = None,
    evidence: UploadedFile | None = None,
) -> CompletionReport:
    """The lead unit reports the task done; the secretariat is notified."""
    locked = Task.objects.select_for_update().get(pk=task.pk)
    _lead_check(actor, locked)
    if CompletionReport.objects.filter(task=locked, state=ReviewState.PENDING).exists():
        raise ValidationError(COMPLETION_PENDING, code="pending")
    day = reported_on or _today()
    _check_report_date(locked, day, "reported_on")
    report = CompletionReport(
        task=locked,
        unit_id=locked.lead_unit_id,
        submitted_by=actor,
        reported_on=day,
        text=_text(text),
    )
    if evidence is not None:
        report.evidence = check_upload(evidence, allowed=TASK_FILE_KINDS, field="evidence")
    audited_save(report, actor=actor)
    notify(
        recipients=secretariat_of(locked.committee_id),
        task=locked,
        kind=NotificationKind.COMPLETION_REPORTED,
        on_date=day,
    )
    return report


def _pending_report(report: CompletionReport) -> CompletionReport:
    locked = CompletionReport.objects.select_for_update().get(pk=report.pk)
    if locked.state != ReviewState.PENDING:
        raise ValidationError(REVIEW_DONE, code="decided")
    return locked


@transaction.atomic
def completion_confirm(
    *, actor: Any, report: CompletionReport, decided_on: dt.date | None = None, comment: str = ""
) -> Task:
    """The secretariat confirms: the task is completed on the report's date."""
    locked = _pending_report(report)
    task = Task.objects.select_for_update().get(pk=locked.task_id)
    if task.is_closed:
        raise ValidationError(TASK_CLOSED, code="closed")
    day = decided_on or _today()
    _check_not_future(day, "decided_on")
    locked.state = ReviewState.APPROVED
    locked.decided_by = actor
    locked.decided_on = max(day, locked.reported_on)
    locked.comment = _text(comment)
    audited_save(locked, actor=actor)
    task.completed_on = locked.reported_on
    task.version += 1
    audited_save(task, actor=actor, reason=str(_("Xác nhận hoàn thành")))
    _refresh_progress_summary(task)
    notify(
        recipients=officers_of(task.lead_unit_id),
        task=task,
        kind=NotificationKind.COMPLETION_CONFIRMED,
        on_date=task.completed_on,
    )
    return task


@transaction.atomic
def completion_return(
    *, actor: Any, report: CompletionReport, comment: str, decided_on: dt.date | None = None
) -> CompletionReport:
    """The secretariat returns the report with a comment; the task stays open."""
    locked = _pending_report(report)
    comment = _text(comment)
    if not comment:
        raise ValidationError({"comment": RETURN_NEEDS_COMMENT})
    day = decided_on or _today()
    _check_not_future(day, "decided_on")
    locked.state = ReviewState.REJECTED
    locked.decided_by = actor
    locked.decided_on = day
    locked.comment = comment
    audited_save(locked, actor=actor)
    notify(
        recipients=officers_of(locked.task.lead_unit_id),
        task=locked.task,
        kind=NotificationKind.COMPLETION_RETURNED,
        note=comment,
    )
    return locked


# --- Extensions --------------------------------------------------------------------------------------


def _check_extension_limit(task: Task) -> None:
    if task.extension_count >= settings.TASK_MAX_EXTENSIONS:
        raise ValidationError(EXTENSION_LIMIT % {"count": task.extension_count}, code="limit")


@transaction.atomic
def extension_request(
    *,
    actor: Any,
    task: Task,
    new_deadline: dt.date,
    reason: str,
    requested_on: dt.date | None = None,
) -> ExtensionRequest:
    """The lead unit asks for a later deadline; the limit per task is settings.TASK_MAX_EXTENSIONS."""
    locked = Task.objects.select_for_update().get(pk=task.pk)
    _lead_check(actor, locked)
    _check_extension_limit(locked)
    if ExtensionRequest.objects.filter(task=locked, state=ReviewState.PENDING).exists():
        raise ValidationError(EXTENSION_PENDING, code="pending")
    assert locked.deadline_in_force is not None  # not recurring, checked above
    if new_deadline <= locked.deadline_in_force:
        raise ValidationError(
            {"new_deadline": EXTENSION_NOT_LATER % {"deadline": format_date_short(locked.deadline_in_force)}}
        )
    day = requested_on or _today()
    _check_report_date(locked, day, "requested_on")
    extension = ExtensionRequest(
        task=locked,
        unit_id=locked.lead_unit_id,
        requested_by=actor,
        requested_on=day,
        previous_deadline=locked.deadline_in_force,
        new_deadline=new_deadline,
        reason=_text(reason),
    )
    audited_save(extension, actor=actor)
    notify(
        recipients=secretariat_of(locked.committee_id),
        task=locked,
        kind=NotificationKind.EXTENSION_REQUESTED,
        on_date=new_deadline,
    )
    return extension


def _pending_extension(extension: ExtensionRequest) -> tuple[ExtensionRequest, Task]:
    locked = ExtensionRequest.objects.select_for_update().get(pk=extension.pk)
    if locked.state != ReviewState.PENDING:
        raise ValidationError(REVIEW_DONE, code="decided")
    task = Task.objects.select_for_update().get(pk=locked.task_id)
    return locked, task


@transaction.atomic
def extension_approve(
    *, actor: Any, extension: ExtensionRequest, decided_on: dt.date | None = None, note: str = ""
) -> Task:
    """Approve: the new deadline is in force from the decision date (also after the old one passed)."""
    locked, task = _pending_extension(extension)
    if task.is_closed:
        raise ValidationError(TASK_CLOSED, code="closed")
    _check_extension_limit(task)
    day = decided_on or _today()
    _check_not_future(day, "decided_on")
    if day < locked.requested_on or (task.last_extended_on and day < task.last_extended_on):
        raise ValidationError({"decided_on": DECISION_BEFORE_REQUEST})
    locked.state = ReviewState.APPROVED
    locked.decided_by = actor
    locked.decided_on = day
    locked.decision_note = _text(note)
    audited_save(locked, actor=actor)
    task.deadline_in_force = locked.new_deadline
    task.last_extended_on = day
    task.first_extended_on = task.first_extended_on or day
    task.extension_count += 1
    task.version += 1
    audited_save(
        task,
        actor=actor,
        reason=str(_("Gia hạn đến %(date)s")) % {"date": format_date_short(locked.new_deadline)},
    )
    notify(
        recipients=officers_of(task.lead_unit_id),
        task=task,
        kind=NotificationKind.EXTENSION_APPROVED,
        on_date=locked.new_deadline,
    )
    return task


@transaction.atomic
def extension_reject(
    *, actor: Any, extension: ExtensionRequest, note: str, decided_on: dt.date | None = None
) -> ExtensionRequest:
    locked, task = _pending_extension(extension)
    note = _text(note)
    if not note:
        raise ValidationError({"note": RETURN_NEEDS_COMMENT})
    day = decided_on or _today()
    _check_not_future(day, "decided_on")
    locked.state = ReviewState.REJECTED
    locked.decided_by = actor
    locked.decided_on = max(day, locked.requested_on)
    locked.decision_note = note
    audited_save(locked, actor=actor)
    notify(
        recipients=officers_of(task.lead_unit_id),
        task=task,
        kind=NotificationKind.EXTENSION_REJECTED,
        note=note,
    )
    return locked


def reminders_send(*, today: dt.date | None = None) -> Any:
    """Send the reminders due today (see reminders.py); safe to run twice or after a crash."""
    from .reminders import reminders_send as send

    return send(today=today)


# --- Linking a task to the record that assigned it ----------------------------------------------

SOURCE_ALREADY_LINKED = _("Nhiệm vụ đã gắn với một văn bản giao nhiệm vụ khác trong hệ thống.")


@transaction.atomic
def task_link_source(
    *, actor: Any, task: Task, source_kind: str, source_id: int, expected_version: int | None = None
) -> Task:
    """Name the record that assigned an existing task (`source_kind` + `source_id`), e.g. a conclusion
    notice taking over a task entered by hand. Linking again to the same record changes nothing; a task
    linked to another record is refused. Progress, extensions and status are left as they are."""
    locked = Task.objects.select_for_update().get(pk=task.pk)
    if expected_version is not None and locked.version != expected_version:
        raise EditConflict()
    kind = normalise_fields({"source_kind": source_kind})["source_kind"]
    if (locked.source_kind, locked.source_id) == (kind, source_id):
        return locked
    if locked.source_kind or locked.source_id is not None:
        raise ValidationError(SOURCE_ALREADY_LINKED, code="linked")
    locked.source_kind = kind
    locked.source_id = source_id
    locked.version += 1
    audited_save(locked, actor=actor)
    return locked


# --- Reorganisations -----------------------------------------------------------------------------


@transaction.atomic
def tasks_transfer_on_reorganisation(
    *,
    actor: Any,
    reorganisation: Reorganisation,
    predecessor: Organisation,
    successor: Organisation,
    on: dt.date,
) -> dict[str, int]:
    """The predecessor's open tasks (led or coordinated) pass to the successor; closed ones stay where
    they were. Each hand-over is kept (TaskUnitTransfer) so that past figures count it as it stood."""
    reason = f"{reorganisation.get_kind_display()}: {predecessor.name} → {successor.name}"
    open_tasks = Task.objects.select_for_update().filter(completed_on__isnull=True, cancelled_on__isnull=True)
    led = list(open_tasks.filter(lead_unit=predecessor).order_by("pk"))
    for task in led:
        task.lead_unit = successor
        task.version += 1
        task.coordinating_units.remove(successor)
        audited_save(task, actor=actor, reason=reason)
    coordinated = list(open_tasks.filter(coordinating_units=predecessor).order_by("pk"))
    for task in coordinated:
        task.coordinating_units.remove(predecessor)
        if task.lead_unit_id != successor.pk:
            task.coordinating_units.add(successor)
        task.version += 1
        audited_save(task, actor=actor, reason=reason)
    TaskUnitTransfer.objects.bulk_create(
        [
            TaskUnitTransfer(
                task=task,
                role=role,
                from_unit=predecessor,
                to_unit=successor,
                date=on,
                reorganisation=reorganisation,
            )
            for role, tasks in ((UnitRole.LEAD, led), (UnitRole.COORDINATING, coordinated))
            for task in tasks
        ]
    )
    return {"tasks": len(led), "coordinating": len(coordinated)}
