"""Every write to delegations: register, edit, move through the workflow, report back, import from Excel."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from giaoban.core.services import EditConflict, apply_changes, audited_save, normalise_fields
from giaoban.core.uploads import XLSX, check_upload, stage_upload
from giaoban.core.vietnamese import search_key
from giaoban.org.models import Organisation

from . import countries as country_data
from . import localities as locality_data
from . import selectors
from .imports import MAX_ERRORS, ImportResult, ImportRow, checked_chunks, estimate_rows
from .models import (
    BASED_IN_VIET_NAM_INBOUND_ONLY,
    CANCEL_REASON_REQUIRED,
    CANCELLABLE,
    CANCELLED,
    PURPOSE_ORDER,
    WORKFLOW,
    Delegation,
    DelegationReportFile,
    Direction,
    ImportJob,
    ImportJobState,
    Locality,
    Purpose,
    ReportedTotal,
    Status,
)

DELEGATION_FIELDS = (
    "direction",
    "name",
    "lead_unit",
    "head_name",
    "head_title",
    "member_count",
    "member_names",
    "partners",
    "purpose_other",
    "start_date",
    "end_date",
    "funding_source",
    "approval_number",
    "approval_date",
    "approval_issuer",
    "notes",
    "kind",
    "level",
    "category",
    "based_in_viet_nam",
    "historical",
)
# Past delegations entered afterwards keep their report and cancellation as they were.
HISTORY_FIELDS = ("report_text", "report_date", "cancel_reason")
MULTILINE_FIELDS = ("member_names", "partners", "notes", "cancel_reason", "report_text")

UNIT_NOT_ALLOWED = _("Bạn chỉ được đăng ký đoàn của đơn vị mình.")
UNKNOWN_COUNTRY = _("Mã quốc gia, vùng lãnh thổ không hợp lệ: %(codes)s.")
NO_COUNTRY = _("Chọn ít nhất một quốc gia, vùng lãnh thổ.")
NO_PURPOSE = _("Chọn ít nhất một mục đích.")
OTHER_PURPOSE_TEXT = _("Ghi rõ mục đích khác.")
TRANSITION_NOT_ALLOWED = _("Không thể chuyển đoàn từ “%(current)s” sang “%(target)s”.")
INITIAL_STATUS_NOT_ALLOWED = _(
    "Đoàn mới chỉ có thể ở trạng thái dự kiến, đã phê duyệt, đang thực hiện hoặc đã kết thúc."
)
UNKNOWN_LOCALITY = _("Địa phương đối tác không hợp lệ: %(codes)s.")
LOCALITY_OUTSIDE_COUNTRIES = _("Địa phương %(names)s không thuộc quốc gia, vùng lãnh thổ đã chọn.")
HISTORY_STATUS_ONLY = _("Chỉ đoàn đã qua nhập bổ sung mới được ghi trạng thái đã báo cáo hoặc đã hủy.")
HISTORY_IN_FUTURE = _("Đoàn đã qua phải kết thúc trước hôm nay.")
REPORT_TEXT_REQUIRED = _("Nhập nội dung báo cáo kết quả.")
REPORT_NOT_ALLOWED = _("Đoàn đã hủy không nộp báo cáo.")
REPORT_BEFORE_START = _("Chưa thể báo cáo kết quả trước ngày đoàn bắt đầu.")

INITIAL_STATUSES = WORKFLOW


def allowed_transitions(status: str) -> list[str]:
    """Where a delegation may go next: any later step of the workflow, or cancelled before it ends."""
    targets: list[str] = []
    if status in WORKFLOW:
        targets = list(WORKFLOW[WORKFLOW.index(status) + 1 :])
    if status in CANCELLABLE:
        targets.append(CANCELLED)
    return targets


# --- Helpers -------------------------------------------------------------------------------------


def _pick(data: dict[str, Any]) -> dict[str, Any]:
    return normalise_fields({k: v for k, v in data.items() if k in DELEGATION_FIELDS}, MULTILINE_FIELDS)


def canonical_countries(codes: Iterable[str]) -> list[str]:
    """Upper-case, de-duplicated, sorted: two spellings of one set of places give one value."""
    return sorted({code.strip().upper() for code in codes if code and code.strip()})


def canonical_purposes(purposes: Iterable[str]) -> list[str]:
    """De-duplicated, in the vocabulary's order (the order the summary sentence uses)."""
    wanted = set(purposes)
    return [purpose for purpose in PURPOSE_ORDER if purpose in wanted]


def _check_lists(countries: list[str], purposes: list[str], purpose_other: str) -> None:
    errors: dict[str, list[Any]] = {}
    unknown = [code for code in countries if code not in country_data.codes()]
    if not countries:
        errors["country_codes"] = [ValidationError(NO_COUNTRY, code="required")]
    elif unknown:
        errors["country_codes"] = [
            ValidationError(UNKNOWN_COUNTRY, code="unknown_country", params={"codes": ", ".join(unknown)})
        ]
    if not purposes:
        errors["purpose_codes"] = [ValidationError(NO_PURPOSE, code="required")]
    elif Purpose.OTHER in purposes and not purpose_other:
        errors["purpose_other"] = [ValidationError(OTHER_PURPOSE_TEXT, code="required")]
    if errors:
        raise ValidationError(errors)


def canonical_localities(codes: Iterable[str]) -> list[str]:
    return sorted({code.strip().upper() for code in codes if code and code.strip()})


def _check_places(
    localities: list[str], countries: list[str], direction: str, based_in_viet_nam: bool
) -> None:
    """Localities are known and lie in the delegation's countries; only a visitor can be based here."""
    errors: dict[str, list[Any]] = {}
    if localities:
        known = locality_data.names(localities)
        unknown = [code for code in localities if code not in known]
        outside = [known[code][0] for code in localities if code in known and known[code][1] not in countries]
        if unknown:
            errors["localities"] = [
                ValidationError(
                    UNKNOWN_LOCALITY, code="unknown_locality", params={"codes": ", ".join(unknown)}
                )
            ]
        elif outside:
            errors["localities"] = [
                ValidationError(
                    LOCALITY_OUTSIDE_COUNTRIES, code="locality_country", params={"names": ", ".join(outside)}
                )
            ]
    if based_in_viet_nam and direction != Direction.INBOUND:
        errors["based_in_viet_nam"] = [ValidationError(BASED_IN_VIET_NAM_INBOUND_ONLY, code="inbound_only")]
    if errors:
        raise ValidationError(errors)


def _check_history(status: str, historical: bool, end_date: dt.date | None) -> None:
    """A past delegation may be entered at any status; a new one starts in the workflow."""
    if historical:
        if end_date and end_date >= timezone.localdate():
            raise ValidationError({"historical": [ValidationError(HISTORY_IN_FUTURE, code="future")]})
        return
    if status not in INITIAL_STATUSES:
        message = HISTORY_STATUS_ONLY if status in Status.values else INITIAL_STATUS_NOT_ALLOWED
        raise ValidationError({"status": [ValidationError(message, code="invalid")]})


def _set_participants(delegation: Delegation, participants: Iterable[Organisation] | None) -> None:
    """The units taking part besides the lead unit (each sees the delegation)."""
    if participants is None:
        return
    units = [unit for unit in participants if unit.pk != delegation.lead_unit_id]
    delegation.participating_units.set(units)


def _check_unit(actor: Any, unit: Organisation | None) -> None:
    """A user registers only for the units selectors.units_for_registration gives them."""
    if actor is None or unit is None:
        return
    if not selectors.units_for_registration(actor).filter(pk=unit.pk).exists():
        raise ValidationError({"lead_unit": [ValidationError(UNIT_NOT_ALLOWED, code="unit_not_allowed")]})


def delegation_search_key(delegation: Delegation, unit: Organisation) -> str:
    names = " ".join(country_data.country_names(delegation.country_code_list))
    parts = [
        delegation.name,
        delegation.head_name,
        delegation.partners,
        unit.name,
        unit.short_name,
        names,
        delegation.purpose_other,
    ]
    return search_key(" ".join(part for part in parts if part))[:1200]


# --- Register and edit ---------------------------------------------------------------------------


@transaction.atomic
def delegation_create(
    *,
    actor: Any,
    countries: Iterable[str],
    purposes: Iterable[str],
    status: str = WORKFLOW[0],
    localities: Iterable[str] = (),
    participants: Iterable[Organisation] | None = None,
    **data: Any,
) -> Delegation:
    """Register a delegation; a user may register only for their own unit (secretariat: the committee's).

    A past delegation (`historical=True`) may be entered at any status with its report or cancellation
    (`report_text`, `report_date`, `cancel_reason`); it owes no post-trip report."""
    fields = _pick(data)
    history = normalise_fields({k: v for k, v in data.items() if k in HISTORY_FIELDS}, MULTILINE_FIELDS)
    country_list, purpose_list = canonical_countries(countries), canonical_purposes(purposes)
    locality_list = canonical_localities(localities)
    _check_lists(country_list, purpose_list, fields.get("purpose_other", ""))
    _check_places(
        locality_list, country_list, fields.get("direction", ""), fields.get("based_in_viet_nam", False)
    )
    _check_history(status, fields.get("historical", False), fields.get("end_date"))
    _check_unit(actor, fields.get("lead_unit"))
    if Purpose.OTHER not in purpose_list:
        fields["purpose_other"] = ""
    if not fields.get("historical"):
        history = {}
    delegation = Delegation(
        status=status,
        country_codes=",".join(country_list),
        purpose_codes=",".join(purpose_list),
        locality_codes=",".join(locality_list),
        **fields,
        **history,
    )
    delegation.search_key = delegation_search_key(delegation, delegation.lead_unit)
    audited_save(delegation, actor=actor)
    _set_participants(delegation, participants)
    return delegation


@transaction.atomic
def delegation_update(
    *,
    actor: Any,
    delegation: Delegation,
    expected_version: int | None = None,
    countries: Iterable[str] | None = None,
    purposes: Iterable[str] | None = None,
    localities: Iterable[str] | None = None,
    participants: Iterable[Organisation] | None = None,
    **data: Any,
) -> Delegation:
    """Edit a delegation's details (not its status); a stale expected_version raises EditConflict."""
    locked = Delegation.objects.select_for_update().get(pk=delegation.pk)
    fields = _pick(data)
    fields.pop("historical", None)  # fixed when the delegation is entered
    country_list = canonical_countries(countries) if countries is not None else locked.country_code_list
    purpose_list = canonical_purposes(purposes) if purposes is not None else locked.purpose_list
    locality_list = canonical_localities(localities) if localities is not None else locked.locality_code_list
    purpose_other = fields.get("purpose_other", locked.purpose_other)
    _check_lists(country_list, purpose_list, purpose_other)
    _check_places(
        locality_list,
        country_list,
        fields.get("direction", locked.direction),
        fields.get("based_in_viet_nam", locked.based_in_viet_nam),
    )
    if "lead_unit" in fields and fields["lead_unit"].pk != locked.lead_unit_id:
        _check_unit(actor, fields["lead_unit"])
    if Purpose.OTHER not in purpose_list:
        fields["purpose_other"] = ""
    fields["country_codes"] = ",".join(country_list)
    fields["purpose_codes"] = ",".join(purpose_list)
    fields["locality_codes"] = ",".join(locality_list)
    if apply_changes(locked, fields, expected_version=expected_version):
        locked.search_key = delegation_search_key(locked, locked.lead_unit)
        audited_save(locked, actor=actor)
    _set_participants(locked, participants)
    return locked


@transaction.atomic
def delegation_transition(
    *,
    actor: Any,
    delegation: Delegation,
    status: str,
    reason: str = "",
    expected_version: int | None = None,
) -> Delegation:
    """Move a delegation forward in its workflow, or cancel it with a reason."""
    locked = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if expected_version is not None and locked.version != expected_version:
        raise EditConflict()
    if status not in allowed_transitions(locked.status):
        raise ValidationError(
            {
                "status": [
                    ValidationError(
                        TRANSITION_NOT_ALLOWED,
                        code="transition",
                        params={"current": locked.get_status_display(), "target": Status(status).label}
                        if status in Status.values
                        else {"current": locked.get_status_display(), "target": status},
                    )
                ]
            }
        )
    reason = normalise_fields({"reason": reason}, ("reason",))["reason"]
    if status == Status.CANCELLED:
        if not reason:
            raise ValidationError({"reason": [ValidationError(CANCEL_REASON_REQUIRED, code="required")]})
        locked.cancel_reason = reason
    locked.status = status
    locked.version += 1
    audited_save(locked, actor=actor, reason=reason)
    return locked


def _display_name(name: str | None) -> str:
    """The uploader's file name without folders and extension, for the list of report files."""
    return os.path.splitext(os.path.basename((name or "").replace("\\", "/")))[0] or "bao-cao"


@transaction.atomic
def delegation_report_submit(
    *,
    actor: Any,
    delegation: Delegation,
    text: str,
    files: Iterable[UploadedFile] = (),
    report_date: dt.date | None = None,
    expected_version: int | None = None,
) -> Delegation:
    """Record the post-trip report (text and files); the delegation becomes "reported"."""
    locked = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if expected_version is not None and locked.version != expected_version:
        raise EditConflict()
    text = normalise_fields({"text": text}, ("text",))["text"]
    # Size and type by content, before anything is stored (core/uploads.py). The list shows the
    # uploader's own name, with the extension of the file's real kind.
    checked = [(_display_name(upload.name), check_upload(upload, field="files")) for upload in files]
    if locked.status == Status.CANCELLED:
        raise ValidationError(REPORT_NOT_ALLOWED, code="cancelled")
    if not text:
        raise ValidationError({"text": [ValidationError(REPORT_TEXT_REQUIRED, code="required")]})
    today = report_date or timezone.localdate()
    if today < locked.start_date:
        raise ValidationError({"report_date": [ValidationError(REPORT_BEFORE_START, code="too_early")]})
    locked.report_text = text
    if locked.report_date is None or report_date is not None:
        locked.report_date = today
    locked.status = Status.REPORTED
    locked.version += 1
    audited_save(locked, actor=actor)
    for stem, upload in checked:
        extension = os.path.splitext(upload.name or "")[1]
        report_file = DelegationReportFile(
            delegation=locked,
            name=normalise_fields({"name": f"{stem}{extension}"})["name"][:255],
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        report_file.file.save(upload.name or "bao-cao", upload, save=False)
        audited_save(report_file, actor=actor)
    return locked


# --- Partner localities and reported totals -----------------------------------------------------------

REPORTED_TOTAL_FIELDS = (
    "unit",
    "date_from",
    "date_to",
    "direction",
    "kind",
    "level",
    "category",
    "delegations",
    "people",
    "notes",
)


@transaction.atomic
def localities_load() -> int:
    """Load the partner localities kept in data/localities.json; returns how many there are."""
    return locality_data.load(Locality)


def _check_reported_countries(codes: list[str]) -> None:
    unknown = [code for code in codes if code not in country_data.codes()]
    if unknown:
        raise ValidationError(
            {
                "country_codes": [
                    ValidationError(
                        UNKNOWN_COUNTRY, code="unknown_country", params={"codes": ", ".join(unknown)}
                    )
                ]
            }
        )


@transaction.atomic
def reported_total_create(*, actor: Any, countries: Iterable[str] = (), **data: Any) -> ReportedTotal:
    """Record delegations a unit reports as a number for a period ("293 đoàn khách du lịch"); a user
    records them for the units they may register delegations for."""
    fields = normalise_fields({k: v for k, v in data.items() if k in REPORTED_TOTAL_FIELDS}, ("notes",))
    country_list = canonical_countries(countries)
    _check_reported_countries(country_list)
    if fields.get("unit") is not None:
        try:
            _check_unit(actor, fields["unit"])
        except ValidationError as error:
            raise ValidationError({"unit": error.message_dict["lead_unit"]}) from error
    total = ReportedTotal(country_codes=",".join(country_list), **fields)
    audited_save(total, actor=actor)
    return total


@transaction.atomic
def reported_total_delete(*, actor: Any, total: ReportedTotal) -> None:
    """Remove a reported total (history keeps it); the caller checks selectors.can_edit_reported_total."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        total._history_user = actor
    total.delete()


# --- Import --------------------------------------------------------------------------------------

IMPORT_REASON = "Nhập từ tệp “%(name)s”"


def _imported(row: ImportRow, actor: Any) -> Delegation:
    fields = normalise_fields(dict(row.data), MULTILINE_FIELDS)
    delegation = Delegation(
        country_codes=",".join(row.countries), purpose_codes=",".join(row.purposes), **fields
    )
    delegation.search_key = delegation_search_key(delegation, delegation.lead_unit)
    # The unit was looked up by the reader; the period rule is clean()'s; the database keeps the
    # constraints. So no per-row queries here, which 100,000 rows could not afford.
    delegation.full_clean(exclude=["lead_unit"], validate_unique=False, validate_constraints=False)
    return delegation


def _write_chunk(rows: list[ImportRow], *, actor: Any, reason: str, result: ImportResult) -> None:
    delegations = []
    for row in rows:
        try:
            delegations.append(_imported(row, actor))
        except ValidationError as error:  # the reader's checks should make this unreachable
            result.add_error(row.row, None, " ".join(error.messages), "invalid")
    if not result.ok:
        return
    user = actor if getattr(actor, "is_authenticated", False) else None
    created = bulk_create_with_history(
        delegations, Delegation, batch_size=500, default_user=user, default_change_reason=reason
    )
    through = Delegation.participating_units.through
    through.objects.bulk_create(
        [
            through(delegation_id=delegation.pk, organisation_id=unit_id)
            for delegation, row in zip(created, rows, strict=True)
            for unit_id in row.participants
        ],
        batch_size=1000,
    )
    result.created += len(created)


@transaction.atomic
def delegation_import(
    *,
    actor: Any,
    file: Any,
    dry_run: bool = False,
    source_name: str = "",
    preview_rows: int = 0,
    max_errors: int | None = MAX_ERRORS,
) -> ImportResult:
    """Import an agency's spreadsheet: every row, or nothing if any row has an error.

    Returns an ImportResult listing every error (row, column, Vietnamese message). A unit officer may
    import only their own unit's delegations. `dry_run` checks without writing; `preview_rows` keeps
    that many valid rows for a preview. Rows are read and written in chunks, so memory stays bounded.
    """
    result = ImportResult(source_name=source_name, dry_run=dry_run, max_errors=max_errors)
    reason = IMPORT_REASON % {"name": source_name} if source_name else ""
    for chunk in checked_chunks(actor=actor, file=file, result=result):
        if len(result.preview) < preview_rows:
            result.preview.extend(row.display() for row in chunk[: preview_rows - len(result.preview)])
        # After the first error the rest is only checked, so that every error is reported.
        if result.ok and not dry_run:
            _write_chunk(chunk, actor=actor, reason=reason, result=result)
    if not result.ok or dry_run:
        transaction.set_rollback(True)
        result.created = 0
    return result


IMPORT_STAGING_FOLDER = "delegation-imports"
IMPORT_MAX_MB = 50
IMPORT_MAX_BYTES = IMPORT_MAX_MB * 1024 * 1024


def delegation_import_stage(
    *, actor: Any, upload: Any, preview_rows: int = 0
) -> tuple[ImportResult, str | None]:
    """Keep an uploaded sheet for the confirm step and check it (dry run).

    Returns the result and the stored file's key, or None (nothing kept) when the sheet has errors.
    A file that is no XLSX by its content (or too large) raises ValidationError on "file", nothing kept.
    """
    source_name = upload.name or ""
    upload = check_upload(upload, allowed=(XLSX,), max_bytes=IMPORT_MAX_BYTES, field="file")
    # Kept as a staged upload: never served, not backed up, deleted after a day if never confirmed.
    stored = stage_upload(upload, folder=IMPORT_STAGING_FOLDER)
    with default_storage.open(stored, "rb") as handle:
        result = delegation_import(
            actor=actor, file=handle, dry_run=True, source_name=source_name, preview_rows=preview_rows
        )
    if not result.ok:
        default_storage.delete(stored)
        return result, None
    return result, stored


def delegation_import_staged(*, actor: Any, stored: str, source_name: str) -> ImportResult:
    """Import a sheet kept by delegation_import_stage; the kept file is removed either way."""
    try:
        with default_storage.open(stored, "rb") as handle:
            return delegation_import(actor=actor, file=handle, source_name=source_name)
    finally:
        default_storage.delete(stored)


# --- Import jobs: large sheets in the task worker ----------------------------------------------------


def delegation_import_large_rows(file: Any) -> int | None:
    """The sheet's rows when it has more than a web request may check (DELEGATION_IMPORT_SYNC_MAX_ROWS),
    else None (a small sheet, or one the import will refuse with its reason)."""
    rows = estimate_rows(file)
    return rows if rows is not None and rows > settings.DELEGATION_IMPORT_SYNC_MAX_ROWS else None


def delegation_import_job_start(
    *, actor: Any, upload: Any, dry_run: bool = True, rows_estimated: int = 0
) -> ImportJob:
    """Keep the uploaded sheet and queue its check (and import, unless `dry_run`) in the task worker. The
    file is checked by its content first, as every upload is."""
    from .jobs import run_delegation_import

    upload = check_upload(upload, allowed=(XLSX,), max_bytes=IMPORT_MAX_BYTES, field="file")
    stored = stage_upload(upload, folder=IMPORT_STAGING_FOLDER)
    job = ImportJob.objects.create(
        created_by=actor,
        source_name=normalise_fields({"name": upload.name or ""})["name"][:255],
        stored=stored,
        dry_run=dry_run,
        rows_estimated=rows_estimated,
    )
    # Committed before it is queued: a database worker must find the job.
    run_delegation_import.enqueue(job.pk)
    return ImportJob.objects.get(pk=job.pk)


def delegation_import_job_confirm(*, actor: Any, job: ImportJob) -> ImportJob:
    """Import the sheet a finished, clean dry run checked: a new job on the same kept file."""
    from .jobs import run_delegation_import

    if job.created_by_id != actor.pk:
        raise PermissionDenied
    if not (job.ok and job.dry_run and job.stored and default_storage.exists(job.stored)):
        raise ValidationError(IMPORT_JOB_NOT_CONFIRMABLE, code="not_confirmable")
    stored, job.stored = job.stored, ""
    job.save(update_fields=["stored", "updated_at"])
    follow = ImportJob.objects.create(
        created_by=actor,
        source_name=job.source_name,
        stored=stored,
        dry_run=False,
        rows_estimated=job.rows_checked,
    )
    run_delegation_import.enqueue(follow.pk)
    return ImportJob.objects.get(pk=follow.pk)


IMPORT_JOB_NOT_CONFIRMABLE = _(
    "Lượt kiểm tra này không thể xác nhận nhập (đã nhập, có lỗi hoặc tệp đã hết hạn)."
)
IMPORT_JOB_FAILED = _("Không xử lý được tệp; hãy tải lên lại hoặc báo quản trị hệ thống.")
JOB_PREVIEW_ROWS = 20


def _job_save(job: ImportJob, result: ImportResult, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.rows_checked = result.rows
    job.header_row = result.header_row
    job.error_count = result.error_count
    job.save()


def delegation_import_job_run(*, job_id: int) -> ImportJob:
    """The worker's side: check every row, saving progress after each chunk; then, for an import
    without errors, import all-or-nothing (delegation_import checks again in its transaction, so rows
    registered meanwhile are still caught). The result, or every error with its row, goes on the job.
    """
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.state != ImportJobState.QUEUED:
        return job  # already run (a retried task)
    actor = job.created_by
    result = ImportResult(source_name=job.source_name, dry_run=True, max_errors=None)
    _job_save(job, result, state=ImportJobState.CHECKING)
    try:
        # No transaction around the check: each progress save is committed, for the status page.
        with default_storage.open(job.stored, "rb") as handle:
            for chunk in checked_chunks(actor=actor, file=handle, result=result):
                if len(result.preview) < JOB_PREVIEW_ROWS:
                    result.preview.extend(
                        row.display() for row in chunk[: JOB_PREVIEW_ROWS - len(result.preview)]
                    )
                _job_save(job, result)
        if result.ok and not job.dry_run:
            _job_save(job, result, state=ImportJobState.WRITING)
            with default_storage.open(job.stored, "rb") as handle:
                result = delegation_import(
                    actor=actor, file=handle, source_name=job.source_name, max_errors=None
                )
    except Exception:
        result.add_error(None, None, IMPORT_JOB_FAILED, "failed")
        raise
    finally:
        job.errors = [error.as_dict() for error in result.errors]
        job.warnings = [warning.as_dict() for warning in result.warnings]
        job.preview = [_json_row(row) for row in result.preview]
        if not (job.dry_run and result.ok):
            default_storage.delete(job.stored)  # kept only for the confirmation of a clean check
            job.stored = ""
        _job_save(job, result, state=ImportJobState.DONE, created=result.created)
    return job


def _json_row(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value.isoformat() if isinstance(value, dt.date) else value for key, value in row.items()}
