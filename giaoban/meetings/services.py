"""Every write to meetings, their agenda, invitees and attendance, files and photos.

Conclusion notices and their key tasks are written by conclusions.py (re-exported here). Services
validate the business rules (the messages below are what tests check); pages and the API check who
may call them (permissions.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giaoban.core import uploads
from giaoban.core.counters import document_number_register
from giaoban.core.forms import PERIOD_END_BEFORE_START
from giaoban.core.services import apply_changes, audited_save, normalise_fields
from giaoban.core.vietnamese import format_date_short, search_key, sort_vietnamese
from giaoban.notifications.models import NotificationKind
from giaoban.notifications.selectors import secretariat_of
from giaoban.notifications.services import notify, notify_units
from giaoban.org.models import Committee, Organisation, Person

from .conclusions import (  # noqa: F401 - the conclusion services are part of this module's API
    CONCLUSION_EXISTS,
    ISSUED_DATE_FIXED,
    KEY_TASK_FIELDS,
    KEY_TASK_HAS_TASK,
    NOTICE_BEFORE_MEETING,
    NOTICE_FIELDS,
    SIGN_OFF_REQUIRED,
    TASK_ALREADY_FOLLOWED,
    TASK_OTHER_COMMITTEE,
    UNIT_NOT_IN_COMMITTEE,
    conclusion_create,
    conclusion_issue,
    conclusion_sign_off,
    conclusion_update,
    key_task_attach,
    key_task_create,
    key_task_delete,
    key_task_update,
    key_tasks_create,
    notice_symbol,
)
from .models import (
    AgendaItem,
    Attendance,
    Confirmation,
    Invitee,
    Meeting,
    MeetingDocument,
    MeetingDocumentKind,
    MeetingFile,
    MeetingFileKind,
)

# --- Messages tests check ----------------------------------------------------------------------------

PERIOD_INCOMPLETE = _("Nhập cả ngày bắt đầu và ngày kết thúc của kỳ đánh giá, hoặc bỏ trống cả hai.")
END_BEFORE_START = _("Giờ kết thúc phải sau giờ bắt đầu.")
ABSENCE_NEEDS_REASON = _("Hãy ghi lý do vắng mặt.")
REPRESENTATIVE_NEEDS_NAME = _("Hãy ghi người được cử dự thay.")
INVITEE_NEEDS_ONE = _("Chọn một đơn vị hoặc một cá nhân.")
CAPTION_REQUIRED = _("Hãy ghi chú thích cho ảnh hoặc tên tài liệu.")
INVITATION_AFTER_MEETING = _("Giấy mời phải ký trước hoặc trong ngày họp (%(date)s).")
MINUTES_BEFORE_MEETING = _("Biên bản không được lập trước ngày họp (%(date)s).")
CONFIRMATION_NEEDS_ANSWER = _("Hãy chọn: dự họp, cử người dự thay hoặc không dự được.")
CONFIRMATION_NEEDS_NAME = _("Hãy ghi họ và tên người dự họp.")
CONFIRMATION_NEEDS_TITLE = _("Hãy ghi chức vụ của người dự họp.")
CONFIRMATION_NEEDS_REASON = _("Hãy ghi lý do không dự được.")
CONFIRMATION_CLOSED = _("Hội nghị đã diễn ra (%(date)s): không thể trả lời giấy mời nữa.")

MEETING_FIELDS = (
    "kind",
    "title",
    "date",
    "start_time",
    "end_time",
    "venue",
    "chair",
    "period_start",
    "period_end",
    "invitation_date",
    "minutes",
    "minutes_conclusion",
    "minutes_taker",
)
AGENDA_FIELDS = ("title", "presenter", "presenter_unit", "duration_minutes", "record")
MULTILINE = ("minutes", "minutes_conclusion", "record")


def _pick(data: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return normalise_fields({k: v for k, v in data.items() if k in fields}, multiline=MULTILINE)


def _changes_reason(label: str, added: Iterable[str], removed: Iterable[str]) -> str:
    """ "Ban chỉ đạo dự họp: thêm A; bớt B": a many-to-many change as the history row's reason."""
    parts = []
    if added := list(added):
        parts.append("thêm " + ", ".join(sort_vietnamese(added)))
    if removed := list(removed):
        parts.append("bớt " + ", ".join(sort_vietnamese(removed)))
    return f"{label}: " + "; ".join(parts) if parts else ""


# --- Meetings ----------------------------------------------------------------------------------------


def _meeting_search_key(meeting: Meeting) -> str:
    return search_key(f"{meeting.title} {meeting.venue}")


def _validate_meeting(meeting: Meeting) -> None:
    errors: dict[str, Any] = {}
    if (meeting.period_start is None) != (meeting.period_end is None):
        errors["period_end"] = PERIOD_INCOMPLETE
    elif meeting.period_start and meeting.period_end and meeting.period_end < meeting.period_start:
        errors["period_end"] = PERIOD_END_BEFORE_START
    if meeting.end_time is not None and meeting.start_time and meeting.end_time <= meeting.start_time:
        errors["end_time"] = END_BEFORE_START
    if errors:
        raise ValidationError(errors)


def _with_host(committee: Committee, committees: Iterable[Committee]) -> list[Committee]:
    found = {committee.pk: committee}
    for other in committees:
        found.setdefault(other.pk, other)
    return list(found.values())


@transaction.atomic
def meeting_create(
    *, actor: Any, committee: Committee, committees: Sequence[Committee] = (), **data: Any
) -> Meeting:
    """Create a meeting hosted by `committee`; `committees` adds the others of a joint meeting."""
    meeting = Meeting(committee=committee, **_pick(data, MEETING_FIELDS))
    _validate_meeting(meeting)
    meeting.search_key = _meeting_search_key(meeting)
    audited_save(meeting, actor=actor)
    meeting.committees.set(_with_host(committee, committees))
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor: Any,
    meeting: Meeting,
    expected_version: int | None = None,
    committees: Sequence[Committee] | None = None,
    **data: Any,
) -> Meeting:
    """Edit a meeting (its host committee stays); a stale expected_version raises EditConflict."""
    locked = Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)
    changed = apply_changes(locked, _pick(data, MEETING_FIELDS), expected_version=expected_version)
    _validate_meeting(locked)
    reason = ""
    if committees is not None:
        current = {c.pk: c for c in locked.committees.all()}
        wanted = {c.pk: c for c in _with_host(locked.committee, committees)}
        reason = _changes_reason(
            "Ban chỉ đạo dự họp",
            (wanted[pk].short_name for pk in wanted.keys() - current.keys()),
            (current[pk].short_name for pk in current.keys() - wanted.keys()),
        )
        if reason:
            if not changed:
                locked.version += 1
            locked.committees.set(list(wanted.values()))
    if changed or reason:
        locked.search_key = _meeting_search_key(locked)
        audited_save(locked, actor=actor, reason=reason)
    return locked


# --- Numbers of the invitation and the minutes ------------------------------------------------------


@transaction.atomic
def meeting_document_number(
    *,
    actor: Any,
    meeting: Meeting,
    kind: str,
    number: int | None = None,
    date: dt.date | None = None,
) -> MeetingDocument:
    """Give the meeting's invitation or minutes its number in the host committee's document series
    (the next free one, or `number` entered by hand) and its date: by default the invitation's signing
    date or today for an invitation, the meeting day for the minutes. Again on a numbered document:
    a new date or number replaces the old (a number taken by another document is refused)."""
    kind = MeetingDocumentKind(kind)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    document = MeetingDocument.objects.select_for_update().filter(
        meeting=locked, kind=kind
    ).first() or MeetingDocument(meeting=locked, committee_id=locked.committee_id, kind=kind)
    if kind == MeetingDocumentKind.INVITATION:
        date = date or document.date or locked.invitation_date or min(timezone.localdate(), locked.date)
        if date > locked.date:
            raise ValidationError(
                {"date": INVITATION_AFTER_MEETING % {"date": format_date_short(locked.date)}}
            )
    else:
        date = date or document.date or locked.date
        if date < locked.date:
            raise ValidationError({"date": MINUTES_BEFORE_MEETING % {"date": format_date_short(locked.date)}})
    document.date, document.year = date, date.year
    if document.pk is None:
        audited_save(document, actor=actor)
    document.number = document_number_register(
        document=document, committee_id=document.committee_id, number=number
    )
    audited_save(document, actor=actor, reason=f"Cấp số {document.number}")
    return document


# --- Agenda ------------------------------------------------------------------------------------------


def _place(items: list[AgendaItem], item: AgendaItem, position: int | None) -> None:
    """Put `item` at `position` (1-based; None or past the end: last) and number every item from 1."""
    others = [other for other in items if other.pk != item.pk]
    index = len(others) if position is None else min(max(position, 1) - 1, len(others))
    ordered = [*others[:index], item, *others[index:]]
    moved = []
    for number, entry in enumerate(ordered, start=1):
        if entry.position != number:
            entry.position = number
            if entry.pk and entry.pk != item.pk:
                moved.append(entry)
    # Items moved to make room keep their content; their new number needs no history row of its own.
    AgendaItem.objects.bulk_update(moved, ["position"])


def _agenda(meeting: Meeting) -> list[AgendaItem]:
    Meeting.objects.select_for_update().filter(pk=meeting.pk).exists()  # one writer of a meeting's agenda
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk"))


@transaction.atomic
def agenda_item_create(
    *, actor: Any, meeting: Meeting, position: int | None = None, **data: Any
) -> AgendaItem:
    """Add an item to the agenda, last unless a position is given."""
    items = _agenda(meeting)
    item = AgendaItem(meeting=meeting, position=1, **_pick(data, AGENDA_FIELDS))
    _place(items, item, position)
    audited_save(item, actor=actor)
    if item.presenter_unit_id:
        _notify_presenter(item)
    return item


@transaction.atomic
def agenda_item_update(
    *,
    actor: Any,
    item: AgendaItem,
    expected_version: int | None = None,
    position: int | None = None,
    **data: Any,
) -> AgendaItem:
    items = _agenda(item.meeting)
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    changed = apply_changes(locked, _pick(data, AGENDA_FIELDS), expected_version=expected_version)
    before = locked.position
    if position is not None and position != before:
        _place(items, locked, position)
        if not changed:
            locked.version += 1
        changed = ["position"]
    if changed:
        audited_save(locked, actor=actor)
    if locked.presenter_unit_id and changed and "presenter_unit" in changed:
        _notify_presenter(locked)
    return locked


def _notify_presenter(item: AgendaItem) -> None:
    """The officers of the unit that presents an item: what, at which meeting, on which day."""
    meeting = item.meeting
    notify_units(
        units=[item.presenter_unit],
        kind=NotificationKind.AGENDA_PRESENTER,
        committee=meeting.committee,
        subject=item.title,
        note=meeting.title,
        on_date=meeting.date,
        link=meeting.get_absolute_url(),
    )


@transaction.atomic
def agenda_item_delete(*, actor: Any, item: AgendaItem) -> None:
    items = _agenda(item.meeting)
    remaining = [other for other in items if other.pk != item.pk]
    if actor is not None and getattr(actor, "is_authenticated", False):
        item._history_user = actor
    item.delete()
    for number, entry in enumerate(remaining, start=1):
        entry.position = number
    AgendaItem.objects.bulk_update(remaining, ["position"])


# --- Invitees and attendance ---------------------------------------------------------------------------


@transaction.atomic
def invitees_add(
    *, actor: Any, meeting: Meeting, units: Sequence[Organisation] = (), persons: Sequence[Person] = ()
) -> list[Invitee]:
    """Invite units and people; those already invited are left as they are. Returns the new invitees."""
    if not units and not persons:
        raise ValidationError(INVITEE_NEEDS_ONE, code="empty")
    Meeting.objects.select_for_update().filter(pk=meeting.pk).exists()
    invited_units = set(meeting.invitees.filter(unit__isnull=False).values_list("unit_id", flat=True))
    invited_people = set(meeting.invitees.filter(person__isnull=False).values_list("person_id", flat=True))
    added = []
    for unit in dict.fromkeys(units):
        if unit.pk not in invited_units:
            invitee = Invitee(meeting=meeting, unit=unit)
            audited_save(invitee, actor=actor)
            added.append(invitee)
    for person in dict.fromkeys(persons):
        if person.pk not in invited_people:
            invitee = Invitee(meeting=meeting, person=person)
            audited_save(invitee, actor=actor)
            added.append(invitee)
    _notify_invited(meeting, [invitee.unit for invitee in added if invitee.unit is not None])
    return added


def _notify_invited(meeting: Meeting, units: list[Organisation]) -> None:
    """The officers of each unit newly invited: the meeting, its day, its committee."""
    notify_units(
        units=units,
        kind=NotificationKind.MEETING_INVITATION,
        committee=meeting.committee,
        subject=meeting.title,
        on_date=meeting.date,
        link=meeting.get_absolute_url(),
    )


@transaction.atomic
def invitee_remove(*, actor: Any, invitee: Invitee) -> None:
    if actor is not None and getattr(actor, "is_authenticated", False):
        invitee._history_user = actor
    invitee.delete()


def attendance_errors(attendance: str, absence_reason: str, represented_by: str) -> dict[str, Any]:
    """The attendance rule, shared by the service and the attendance sheet: an absence has a reason, a
    substitute a name."""
    errors: dict[str, Any] = {}
    if attendance == Attendance.ABSENT and not absence_reason.strip():
        errors["absence_reason"] = ABSENCE_NEEDS_REASON
    if attendance == Attendance.REPRESENTED and not represented_by.strip():
        errors["represented_by"] = REPRESENTATIVE_NEEDS_NAME
    return errors


@transaction.atomic
def attendance_record(
    *,
    actor: Any,
    invitee: Invitee,
    attendance: str,
    absence_reason: str = "",
    represented_by: str = "",
    expected_version: int | None = None,
) -> Invitee:
    """Record whether an invitee came: present, absent with a reason, or represented by someone."""
    locked = Invitee.objects.select_for_update().get(pk=invitee.pk)
    values = normalise_fields(
        {
            "attendance": attendance,
            "absence_reason": absence_reason or "",
            "represented_by": represented_by or "",
        }
    )
    if values["attendance"] in (Attendance.PRESENT, Attendance.UNKNOWN):
        values["absence_reason"] = ""
    if errors := attendance_errors(**values):
        raise ValidationError(errors)
    if apply_changes(locked, values, expected_version=expected_version):
        audited_save(locked, actor=actor)
    return locked


def confirmation_errors(answer: str, name: str, title: str, reason: str) -> dict[str, Any]:
    """The rule of a unit's answer: who attends (or substitutes) with a name and title; a refusal with a
    reason."""
    errors: dict[str, Any] = {}
    if answer not in (Confirmation.ATTEND, Confirmation.SUBSTITUTE, Confirmation.DECLINE):
        errors["answer"] = CONFIRMATION_NEEDS_ANSWER
    elif answer == Confirmation.DECLINE:
        if not reason:
            errors["reason"] = CONFIRMATION_NEEDS_REASON
    else:
        if not name:
            errors["name"] = CONFIRMATION_NEEDS_NAME
        if not title:
            errors["title"] = CONFIRMATION_NEEDS_TITLE
    return errors


@transaction.atomic
def invitation_confirm(
    *,
    actor: Any,
    invitee: Invitee,
    answer: str,
    name: str = "",
    title: str = "",
    reason: str = "",
    expected_version: int | None = None,
) -> Invitee:
    """An invited unit answers its invitation, until the meeting day: who will attend (name and title), a
    substitute, or that it cannot (a reason). Answering again replaces the answer; each one is a history
    row. Who may answer is the caller's check (permissions.can_confirm)."""
    locked = Invitee.objects.select_for_update().select_related("meeting").get(pk=invitee.pk)
    meeting = locked.meeting
    if timezone.localdate() > meeting.date:
        raise ValidationError({"answer": CONFIRMATION_CLOSED % {"date": format_date_short(meeting.date)}})
    values = normalise_fields(
        {
            "confirmation": answer or "",
            "confirmed_name": name or "",
            "confirmed_title": title or "",
            "confirmation_reason": reason or "",
        }
    )
    if errors := confirmation_errors(
        values["confirmation"],
        values["confirmed_name"],
        values["confirmed_title"],
        values["confirmation_reason"],
    ):
        raise ValidationError(errors)
    if values["confirmation"] == Confirmation.DECLINE:
        values["confirmed_name"] = values["confirmed_title"] = ""
    else:
        values["confirmation_reason"] = ""
    if apply_changes(locked, values, expected_version=expected_version):
        locked.confirmed_at = timezone.now()
        locked.confirmed_by = actor if getattr(actor, "is_authenticated", False) else None
        audited_save(locked, actor=actor, reason=f"Trả lời giấy mời: {locked.get_confirmation_display()}")
        notify(
            recipients=secretariat_of(meeting.committee_id),
            kind=NotificationKind.INVITATION_ANSWERED,
            committee=meeting.committee,
            unit=locked.unit,
            subject=meeting.title,
            note=str(locked.get_confirmation_display()),
            on_date=meeting.date,
            link=meeting.get_absolute_url(),
        )
    return locked


# --- Files and photos ----------------------------------------------------------------------------------

STORAGE_FOLDER = "meetings"


def _store(data: bytes, extension: str) -> str:
    """Store the bytes under their SHA-256 (the same file uploaded twice is kept once); the stored name."""
    digest = hashlib.sha256(data).hexdigest()
    name = f"{STORAGE_FOLDER}/{digest[:2]}/{digest}{extension}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(data))
    return name


@transaction.atomic
def meeting_file_add(
    *, actor: Any, meeting: Meeting, kind: str, upload: UploadedFile, caption: str
) -> MeetingFile:
    """Attach a document (PDF, DOCX, XLSX) or a photo (PNG, JPEG), checked by its content."""
    caption = normalise_fields({"caption": caption})["caption"]
    if not caption:
        raise ValidationError({"caption": CAPTION_REQUIRED})
    allowed = uploads.IMAGE_KINDS if kind == MeetingFileKind.PHOTO else uploads.DOCUMENT_KINDS
    checked = uploads.check_upload(upload, allowed=allowed, field="file")
    checked.seek(0)
    data = checked.read()
    found = uploads.sniff(checked.file)
    extension = found.extension if found else ""
    record = MeetingFile(
        meeting=meeting,
        kind=kind,
        caption=caption,
        original_name=checked.name or f"tep{extension}",
        content_type=found.content_type if found else "application/octet-stream",
        size=len(data),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record.file.name = _store(data, extension)
    audited_save(record, actor=actor)
    return record


@transaction.atomic
def meeting_file_update(*, actor: Any, file: MeetingFile, caption: str) -> MeetingFile:
    caption = normalise_fields({"caption": caption})["caption"]
    if not caption:
        raise ValidationError({"caption": CAPTION_REQUIRED})
    locked = MeetingFile.objects.select_for_update().get(pk=file.pk)
    if locked.caption != caption:
        locked.caption = caption
        audited_save(locked, actor=actor)
    return locked


@transaction.atomic
def meeting_file_delete(*, actor: Any, file: MeetingFile) -> None:
    """Remove the record; the stored bytes stay, as another record may hold the same file."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        file._history_user = actor
    file.delete()
