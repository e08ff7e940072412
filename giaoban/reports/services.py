"""Every write of reporting: validated, in one transaction, attributed in the history.

The submission's life (domain.md §3): draft → submitted → returned (with comments) → submitted →
accepted. A submission changes only while it is a draft or returned; an accepted one only by being
returned first. The committee report's text is kept in versions; a leader's approval gives it its
number in the committee's document series and locks it.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giaoban.core.counters import document_number_register
from giaoban.core.services import EditConflict, apply_changes, audited_save, normalise_fields
from giaoban.core.uploads import check_upload
from giaoban.core.vietnamese import format_date_short, nfc
from giaoban.notifications.models import NotificationKind
from giaoban.org.letterhead import check_letterhead
from giaoban.org.models import Committee, Organisation

from . import notices
from .aggregate import build_aggregate
from .indicators import COMPUTED
from .models import (
    CommitteeReport,
    Indicator,
    IndicatorValue,
    ReportEvent,
    ReportEventKind,
    ReportingPeriod,
    ReportRequest,
    ReportState,
    ReportTemplate,
    ReportVersion,
    SectionFigures,
    SectionText,
    Submission,
    SubmissionEvent,
    SubmissionEventKind,
    SubmissionFile,
    SubmissionState,
    TemplateSection,
    ValueType,
)
from .periods import PERIODIC_KINDS, PeriodKind, default_submission_deadline, period_name, period_window

logger = logging.getLogger(__name__)

# --- Messages tests check ----------------------------------------------------------------------------

REQUIRED = _("Trường này là bắt buộc.")
QUARTER_REQUIRED = _("Kỳ báo cáo quý cần chọn quý (I đến IV).")
PERIOD_EXISTS = _("Ban Chỉ đạo đã có kỳ báo cáo “%(name)s”.")
PERIOD_DATES_FIXED = _(
    "Ngày của kỳ báo cáo định kỳ do cách tính kỳ của Ban Chỉ đạo quyết định, không sửa tay."
)
END_BEFORE_START = _("Ngày cuối kỳ phải sau hoặc bằng ngày đầu kỳ.")
TEMPLATE_IN_USE = _("Đề cương đã dùng cho đề nghị báo cáo, không sửa được nữa; hãy sao thành đề cương mới.")
TEMPLATE_EMPTY = _("Đề cương cần ít nhất một đề mục hoặc một chỉ tiêu.")
SECTION_HEADING_REQUIRED = _("Đề mục %(position)s: cần nhập tên đề mục.")
SECTION_FIGURES_UNKNOWN = _("Đề mục %(position)s: loại số liệu “%(value)s” không có.")
INDICATOR_NAME_REQUIRED = _("Chỉ tiêu %(position)s: cần nhập tên chỉ tiêu.")
INDICATOR_UNIT_REQUIRED = _("Chỉ tiêu %(position)s: cần nhập đơn vị tính.")
INDICATOR_SOURCE_UNKNOWN = _("Chỉ tiêu %(position)s: nguồn số liệu “%(value)s” không có.")
INDICATOR_TYPE_UNKNOWN = _("Chỉ tiêu %(position)s: kiểu số “%(value)s” không có.")
OTHER_COMMITTEE = _("“%(name)s” không thuộc Ban Chỉ đạo này.")
UNITS_REQUIRED = _("Chọn ít nhất một đơn vị nhận đề nghị báo cáo.")
UNIT_NOT_MEMBER = _("Đơn vị “%(name)s” không phải thành viên của Ban Chỉ đạo.")
DEADLINE_PAST = _("Hạn gửi %(deadline)s đã qua: chọn một ngày từ hôm nay (%(today)s) trở đi.")
NOT_EDITABLE = _("Báo cáo đã gửi hoặc đã được tiếp nhận, không sửa được; chỉ sửa khi bị trả lại.")
NOT_SUBMITTED = _("Chỉ tiếp nhận hoặc trả lại báo cáo đã gửi.")
NOT_RETURNABLE = _("Chỉ trả lại báo cáo đã gửi hoặc đã tiếp nhận.")
RETURN_COMMENT_REQUIRED = _("Cần ghi ý kiến khi trả lại báo cáo.")
UNKNOWN_SECTION = _("Đề mục số %(id)s không thuộc đề cương của báo cáo này.")
UNKNOWN_INDICATOR = _("Chỉ tiêu số %(id)s không thuộc đề cương của báo cáo này.")
COMPUTED_READ_ONLY = _("Chỉ tiêu “%(name)s” do hệ thống tính, đơn vị không nhập.")
VALUE_NOT_NUMBER = _("Chỉ tiêu “%(name)s”: “%(value)s” không phải là số.")
VALUE_NOT_INTEGER = _("Chỉ tiêu “%(name)s”: cần nhập số nguyên.")
VALUE_NEGATIVE = _("Chỉ tiêu “%(name)s”: số liệu không được âm.")
VALUE_TOO_LARGE = _("Chỉ tiêu “%(name)s”: số liệu quá lớn.")
REPORT_APPROVED = _("Báo cáo đã được duyệt, không sửa được nữa.")
REPORT_APPROVED_FOR_REQUEST = _(
    "Báo cáo của Ban Chỉ đạo tổng hợp từ đề nghị này đã được duyệt; muốn tiếp nhận hoặc trả lại báo cáo "
    "của đơn vị, lãnh đạo cần mở lại báo cáo đó trước."
)
REPORT_NOT_APPROVED = _("Báo cáo chưa được duyệt.")
REPORT_EXISTS = _("Kỳ báo cáo này đã có báo cáo của Ban Chỉ đạo.")
REQUEST_OTHER_PERIOD = _("Đề nghị báo cáo thuộc kỳ khác.")
REPORT_RETURN_COMMENT_REQUIRED = _("Cần ghi ý kiến khi trả lại báo cáo cho cơ quan thường trực.")
REPORT_RETURNED = _(
    "Báo cáo đang được trả lại cho cơ quan thường trực sửa; chỉ duyệt hoặc trả lại sau khi được trình lại."
)
REPORT_NOT_RETURNED = _("Chỉ trình lại báo cáo đã bị lãnh đạo trả lại.")
REOPEN_REASON_REQUIRED = _("Cần ghi lý do mở lại báo cáo đã duyệt.")
REQUEST_WITHDRAWN = _("Đề nghị báo cáo đã được rút; báo cáo của đơn vị không sửa, không gửi được nữa.")
WITHDRAW_REASON_REQUIRED = _("Cần ghi lý do rút đề nghị báo cáo.")
WITHDRAW_HAS_REPORT = _(
    "Đã có báo cáo của Ban Chỉ đạo tổng hợp từ đề nghị này; không rút được. Hãy sửa báo cáo đó."
)
EMPTY_SECTIONS = _(
    "Còn để trống đề mục bắt buộc: %(headings)s. Viết nội dung, hoặc xác nhận vẫn gửi nếu đơn vị không "
    "có nội dung cho các đề mục này."
)
SECTIONS_INVALID = _("Nội dung báo cáo không hợp lệ: mỗi phần cần có đề mục và nội dung dạng văn bản.")

PERIOD_FIELDS = ("name", "submission_deadline", "start_date", "end_date")
REPORT_HEADER_FIELDS = (
    "summary",
    "date",
    "signer",
    "signing_prefix",
    "signing_authority",
    "signer_title",
    "recipients",
    "letterhead",
)
MAX_VALUE = Decimal("999999999999.99")


def _now(at: dt.datetime | None) -> dt.datetime:
    return at or timezone.now()


def _same_committee(record: Any, committee: Committee, field: str) -> None:
    if record.committee_id != committee.pk:
        raise ValidationError({field: OTHER_COMMITTEE % {"name": record}})


# --- Periods -----------------------------------------------------------------------------------------


@transaction.atomic
def period_create(
    *,
    actor: Any,
    committee: Committee,
    kind: str,
    year: int | None = None,
    quarter: int | None = None,
    name: str = "",
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    submission_deadline: dt.date | None = None,
) -> ReportingPeriod:
    """A periodic period takes its dates from the committee's convention and its name from its kind; a
    thematic or ad hoc one is named and dated by the secretariat."""
    if kind not in PeriodKind.values:
        raise ValidationError({"kind": REQUIRED})
    convention = committee.reporting_convention
    if kind in PERIODIC_KINDS:
        if not year:
            raise ValidationError({"year": REQUIRED})
        if kind == PeriodKind.QUARTER and quarter not in (1, 2, 3, 4):
            raise ValidationError({"quarter": QUARTER_REQUIRED})
        quarter = quarter if kind == PeriodKind.QUARTER else None
        start_date, end_date = period_window(kind, year, convention, quarter)
        name = period_name(kind, year, quarter)
        if ReportingPeriod.objects.filter(
            committee=committee, kind=kind, year=year, quarter=quarter
        ).exists():
            raise ValidationError({"kind": PERIOD_EXISTS % {"name": name}})
    else:
        name = normalise_fields({"name": name or ""})["name"]
        if not name or start_date is None or end_date is None:
            missing = {"name": name, "start_date": start_date, "end_date": end_date}
            raise ValidationError({field: REQUIRED for field, value in missing.items() if not value})
        if end_date < start_date:
            raise ValidationError({"end_date": END_BEFORE_START})
        year, quarter = end_date.year, None
    period = ReportingPeriod(
        committee=committee,
        kind=kind,
        year=year,
        quarter=quarter,
        name=name,
        convention=convention,
        start_date=start_date,
        end_date=end_date,
        submission_deadline=submission_deadline or default_submission_deadline(end_date),
    )
    audited_save(period, actor=actor)
    return period


@transaction.atomic
def period_update(
    *, actor: Any, period: ReportingPeriod, expected_version: int | None = None, **data: Any
) -> ReportingPeriod:
    locked = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    values = normalise_fields({key: value for key, value in data.items() if key in PERIOD_FIELDS})
    if locked.kind in PERIODIC_KINDS:
        for field in ("name", "start_date", "end_date"):
            if field in values and values[field] != getattr(locked, field):
                raise ValidationError({field: PERIOD_DATES_FIXED})
    if "name" in values and not values["name"]:
        raise ValidationError({"name": REQUIRED})
    if apply_changes(locked, values, expected_version=expected_version):
        if locked.end_date < locked.start_date:
            raise ValidationError({"end_date": END_BEFORE_START})
        audited_save(locked, actor=actor)
    return locked


# --- Templates ---------------------------------------------------------------------------------------


def _clean_sections(sections: list[dict[str, Any]]) -> list[TemplateSection]:
    result = []
    for position, data in enumerate(sections, start=1):
        values = normalise_fields(
            {"heading": data.get("heading", ""), "guidance": data.get("guidance", "")}, ("guidance",)
        )
        figures = data.get("figures") or ""
        if not values["heading"]:
            raise ValidationError({"sections": SECTION_HEADING_REQUIRED % {"position": position}})
        if figures not in SectionFigures.values:
            raise ValidationError(
                {"sections": SECTION_FIGURES_UNKNOWN % {"position": position, "value": figures}}
            )
        required = bool(data.get("required", False))
        result.append(TemplateSection(position=position, figures=figures, required=required, **values))
    return result


def _clean_indicators(indicators: list[dict[str, Any]]) -> list[Indicator]:
    result = []
    for position, data in enumerate(indicators, start=1):
        values = normalise_fields(
            {"name": data.get("name", ""), "unit_of_measure": data.get("unit_of_measure", "")}
        )
        source = data.get("source") or ""
        value_type = data.get("value_type") or ValueType.INTEGER
        if not values["name"]:
            raise ValidationError({"indicators": INDICATOR_NAME_REQUIRED % {"position": position}})
        if source and source not in COMPUTED:
            raise ValidationError(
                {"indicators": INDICATOR_SOURCE_UNKNOWN % {"position": position, "value": source}}
            )
        if source and not values["unit_of_measure"]:
            values["unit_of_measure"] = COMPUTED[source].unit_of_measure
        if not values["unit_of_measure"]:
            raise ValidationError({"indicators": INDICATOR_UNIT_REQUIRED % {"position": position}})
        if value_type not in ValueType.values:
            raise ValidationError(
                {"indicators": INDICATOR_TYPE_UNKNOWN % {"position": position, "value": value_type}}
            )
        if source:
            value_type = ValueType.INTEGER
        result.append(Indicator(position=position, source=source, value_type=value_type, **values))
    return result


@transaction.atomic
def template_create(
    *,
    actor: Any,
    committee: Committee,
    name: str,
    description: str = "",
    sections: list[dict[str, Any]] | None = None,
    indicators: list[dict[str, Any]] | None = None,
    copied_from: ReportTemplate | None = None,
) -> ReportTemplate:
    values = normalise_fields({"name": name or "", "description": description or ""}, ("description",))
    if not values["name"]:
        raise ValidationError({"name": REQUIRED})
    section_rows = _clean_sections(sections or [])
    indicator_rows = _clean_indicators(indicators or [])
    if not section_rows and not indicator_rows:
        raise ValidationError({"sections": TEMPLATE_EMPTY})
    template = ReportTemplate(committee=committee, copied_from=copied_from, **values)
    audited_save(template, actor=actor)
    for row in (*section_rows, *indicator_rows):
        row.template = template
        audited_save(row, actor=actor)
    return template


def template_in_use(template: ReportTemplate) -> bool:
    return ReportRequest.objects.filter(template=template).exists()


@transaction.atomic
def template_update(
    *,
    actor: Any,
    template: ReportTemplate,
    expected_version: int | None = None,
    sections: list[dict[str, Any]] | None = None,
    indicators: list[dict[str, Any]] | None = None,
    **data: Any,
) -> ReportTemplate:
    """Name, guidance, sections and indicators, replaced as a whole; refused once a request uses it
    (the units' texts and values point at its sections and indicators)."""
    locked = ReportTemplate.objects.select_for_update().get(pk=template.pk)
    if template_in_use(locked):
        raise ValidationError(TEMPLATE_IN_USE, code="in_use")
    values = normalise_fields(
        {key: value for key, value in data.items() if key in ("name", "description")}, ("description",)
    )
    if "name" in values and not values["name"]:
        raise ValidationError({"name": REQUIRED})
    section_rows = _clean_sections(sections) if sections is not None else None
    indicator_rows = _clean_indicators(indicators) if indicators is not None else None
    changed = bool(apply_changes(locked, values, expected_version=expected_version))
    if section_rows is not None or indicator_rows is not None:
        if not changed:
            locked.version += 1
        if section_rows is not None:
            for old in locked.sections.all():
                old._history_user = actor
                old.delete()
            for row in section_rows:
                row.template = locked
                audited_save(row, actor=actor)
        if indicator_rows is not None:
            for old in locked.indicators.all():
                old._history_user = actor
                old.delete()
            for row in indicator_rows:
                row.template = locked
                audited_save(row, actor=actor)
        if not locked.sections.exists() and not locked.indicators.exists():
            raise ValidationError({"sections": TEMPLATE_EMPTY})
        changed = True
    if changed:
        audited_save(locked, actor=actor)
    return locked


@transaction.atomic
def template_copy(*, actor: Any, template: ReportTemplate, name: str | None = None) -> ReportTemplate:
    """The outline for a new period, with one click: the same sections and indicators."""
    sections = [
        {"heading": s.heading, "guidance": s.guidance, "figures": s.figures, "required": s.required}
        for s in template.sections.order_by("position", "pk")
    ]
    indicators = [
        {"name": i.name, "unit_of_measure": i.unit_of_measure, "value_type": i.value_type, "source": i.source}
        for i in template.indicators.order_by("position", "pk")
    ]
    return template_create(
        actor=actor,
        committee=template.committee,
        # The copy is the same outline for a new period: it keeps the name (the list shows which is newer).
        name=name or template.name,
        description=template.description,
        sections=sections,
        indicators=indicators,
        copied_from=template,
    )


# --- Requests ----------------------------------------------------------------------------------------


def _member_unit_ids(committee: Committee) -> set[int]:
    ids = set(committee.member_units.values_list("pk", flat=True))
    if committee.standing_agency_id:
        ids.add(committee.standing_agency_id)
    return ids


@transaction.atomic
def request_create(
    *,
    actor: Any,
    committee: Committee,
    period: ReportingPeriod,
    template: ReportTemplate,
    units: list[Organisation],
    deadline: dt.date | None = None,
    title: str = "",
    message: str = "",
    sent_on: dt.date | None = None,
) -> ReportRequest:
    """Send the request: one draft submission per unit, all in one transaction. `sent_on` (default today)
    is the day it goes out: a deadline before it could never be met and is refused."""
    _same_committee(period, committee, "period")
    _same_committee(template, committee, "template")
    sent_on = sent_on or timezone.localdate()
    deadline = deadline or period.submission_deadline
    if deadline < sent_on:
        raise ValidationError(
            {
                "deadline": DEADLINE_PAST
                % {"deadline": format_date_short(deadline), "today": format_date_short(sent_on)}
            }
        )
    units = list({unit.pk: unit for unit in units}.values())
    if not units:
        raise ValidationError({"units": UNITS_REQUIRED})
    members = _member_unit_ids(committee)
    for unit in units:
        if unit.pk not in members:
            raise ValidationError({"units": UNIT_NOT_MEMBER % {"name": unit.name}})
    values = normalise_fields({"title": title or "", "message": message or ""}, ("message",))
    request = ReportRequest(
        committee=committee,
        period=period,
        template=template,
        title=values["title"] or f"Báo cáo {period.name}",
        message=values["message"],
        deadline=deadline,
        sent_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audited_save(request, actor=actor)
    Submission.objects.bulk_create([Submission(request=request, unit=unit) for unit in units])
    notices.request_sent(request)
    return request


@transaction.atomic
def request_withdraw(
    *,
    actor: Any,
    request: ReportRequest,
    reason: str,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> ReportRequest:
    """Withdraw a request sent by mistake: its submissions are closed as they stand (none is deleted),
    it leaves the units' open work and the late counts. Refused once a committee report is built on it."""
    locked = ReportRequest.objects.select_for_update().get(pk=request.pk)
    if expected_version is not None and locked.version != expected_version:
        raise EditConflict()
    if locked.is_withdrawn:
        raise ValidationError(REQUEST_WITHDRAWN, code="withdrawn")
    reason = nfc(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": WITHDRAW_REASON_REQUIRED})
    if CommitteeReport.objects.filter(request=locked).exists():
        raise ValidationError(WITHDRAW_HAS_REPORT, code="has_report")
    locked.withdrawn_at = _now(at)
    locked.withdrawn_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.withdrawal_reason = reason
    locked.version += 1
    audited_save(locked, actor=actor, reason="Rút đề nghị báo cáo")
    return locked


# --- Submissions -------------------------------------------------------------------------------------


def _event(submission: Submission, kind: Any, actor: Any, at: dt.datetime, comment: str = "") -> None:
    SubmissionEvent.objects.create(
        submission=submission,
        kind=kind,
        at=at,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        comment=comment,
    )


def _lock(submission: Submission) -> Submission:
    return Submission.objects.select_for_update().select_related("request").get(pk=submission.pk)


def _check_editable(submission: Submission) -> None:
    if submission.request.is_withdrawn:
        raise ValidationError(REQUEST_WITHDRAWN, code="withdrawn")
    if not submission.is_editable:
        raise ValidationError(NOT_EDITABLE, code="locked")


def empty_required_sections(submission: Submission) -> list[TemplateSection]:
    """The outline's required sections the unit left without text, in the outline's order."""
    written = SectionText.objects.filter(submission=submission).exclude(text="").values("section_id")
    return list(
        TemplateSection.objects.filter(template_id=submission.request.template_id, required=True)
        .exclude(pk__in=written)
        .order_by("position", "pk")
    )


def _check_report_open(submission: Submission) -> None:
    """An approved committee report is locked, its annex included: the submissions it adds up keep their
    state until a leader reopens it."""
    if CommitteeReport.objects.filter(request=submission.request_id, state=ReportState.APPROVED).exists():
        raise ValidationError(REPORT_APPROVED_FOR_REQUEST, code="report_approved")


def _parse_value(indicator: Indicator, raw: Any) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    name = indicator.name
    text = nfc(str(raw)).strip().replace(" ", "")
    # Vietnamese writes "1.234,5": a comma is the decimal mark; dots group thousands.
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") > 1 or (
        indicator.value_type == ValueType.INTEGER and "." in text and len(text.split(".")[1]) == 3
    ):
        text = text.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationError({"values": VALUE_NOT_NUMBER % {"name": name, "value": raw}}) from None
    if not value.is_finite():
        raise ValidationError({"values": VALUE_NOT_NUMBER % {"name": name, "value": raw}})
    if value < 0:
        raise ValidationError({"values": VALUE_NEGATIVE % {"name": name}})
    if indicator.value_type == ValueType.INTEGER and value != value.to_integral_value():
        raise ValidationError({"values": VALUE_NOT_INTEGER % {"name": name}})
    if value > MAX_VALUE:
        raise ValidationError({"values": VALUE_TOO_LARGE % {"name": name}})
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def submission_save(
    *,
    actor: Any,
    submission: Submission,
    expected_version: int | None = None,
    texts: dict[int, str] | None = None,
    values: dict[int, Any] | None = None,
    at: dt.datetime | None = None,
) -> Submission:
    """Save the draft (also the autosave): every text and value checked first, then written; a bad
    value names its indicator and nothing is saved."""
    locked = _lock(submission)
    if expected_version is not None and locked.version != expected_version:
        raise EditConflict()
    _check_editable(locked)
    template_id = locked.request.template_id
    sections = {s.pk: s for s in TemplateSection.objects.filter(template_id=template_id)}
    indicators = {i.pk: i for i in Indicator.objects.filter(template_id=template_id)}
    new_texts: dict[int, str] = {}
    for key, text in (texts or {}).items():
        section_id = int(key)
        if section_id not in sections:
            raise ValidationError({"texts": UNKNOWN_SECTION % {"id": key}})
        new_texts[section_id] = nfc(text or "").strip()
    new_values: dict[int, Decimal | None] = {}
    for key, raw in (values or {}).items():
        indicator_id = int(key)
        indicator = indicators.get(indicator_id)
        if indicator is None:
            raise ValidationError({"values": UNKNOWN_INDICATOR % {"id": key}})
        if indicator.is_computed:
            if raw not in (None, ""):
                raise ValidationError({"values": COMPUTED_READ_ONLY % {"name": indicator.name}})
            continue
        new_values[indicator_id] = _parse_value(indicator, raw)

    changed = False
    existing_texts = {row.section_id: row for row in SectionText.objects.filter(submission=locked)}
    for section_id, text in new_texts.items():
        row = existing_texts.get(section_id)
        if row is None:
            row = SectionText(submission=locked, section_id=section_id, text="")
        if row.pk is None or row.text != text:
            row.text = text
            audited_save(row, actor=actor)
            changed = True
    existing_values = {row.indicator_id: row for row in IndicatorValue.objects.filter(submission=locked)}
    for indicator_id, value in new_values.items():
        row = existing_values.get(indicator_id)
        if row is None:
            row = IndicatorValue(submission=locked, indicator_id=indicator_id, value=None)
        if row.pk is None or row.value != value:
            row.value = value
            audited_save(row, actor=actor)
            changed = True
    if changed:
        locked.version += 1
        locked.last_saved_at = _now(at)
        audited_save(locked, actor=actor, reason="Lưu nháp")
    return locked


@transaction.atomic
def submission_submit(
    *,
    actor: Any,
    submission: Submission,
    expected_version: int | None = None,
    confirm_empty: bool = False,
    at: dt.datetime | None = None,
) -> Submission:
    """Send the report. Required sections left empty are refused, naming them, unless the unit
    confirms it has nothing to write there (`confirm_empty`)."""
    locked = _lock(submission)
    if expected_version is not None and locked.version != expected_version:
        raise EditConflict()
    _check_editable(locked)
    empty = empty_required_sections(locked)
    if empty and not confirm_empty:
        headings = "; ".join(f"“{section.heading}”" for section in empty)
        raise ValidationError(
            {"texts": ValidationError(EMPTY_SECTIONS % {"headings": headings}, code="empty_sections")}
        )
    now = _now(at)
    locked.state = SubmissionState.SUBMITTED
    locked.submitted_at = now
    if locked.first_submitted_at is None:
        locked.first_submitted_at = now
    locked.version += 1
    audited_save(locked, actor=actor, reason="Gửi báo cáo")
    _event(locked, SubmissionEventKind.SUBMITTED, actor, now)
    notices.submission_sent(locked, again=locked.return_count > 0)
    return locked


@transaction.atomic
def submission_return(
    *, actor: Any, submission: Submission, comment: str, at: dt.datetime | None = None
) -> Submission:
    """Back to the unit with the secretariat's comments; also the only way to change an accepted one."""
    locked = _lock(submission)
    if locked.request.is_withdrawn:
        raise ValidationError(REQUEST_WITHDRAWN, code="withdrawn")
    if locked.state not in (SubmissionState.SUBMITTED, SubmissionState.ACCEPTED):
        raise ValidationError(NOT_RETURNABLE, code="state")
    _check_report_open(locked)
    comment = nfc(comment or "").strip()
    if not comment:
        raise ValidationError({"comment": RETURN_COMMENT_REQUIRED})
    now = _now(at)
    locked.state = SubmissionState.RETURNED
    locked.accepted_at = None
    locked.return_count += 1
    locked.version += 1
    audited_save(locked, actor=actor, reason="Trả lại báo cáo")
    _event(locked, SubmissionEventKind.RETURNED, actor, now, comment)
    notices.submission_reviewed(locked, accepted=False, comment=comment)
    return locked


@transaction.atomic
def submission_accept(*, actor: Any, submission: Submission, at: dt.datetime | None = None) -> Submission:
    locked = _lock(submission)
    if locked.request.is_withdrawn:
        raise ValidationError(REQUEST_WITHDRAWN, code="withdrawn")
    if locked.state != SubmissionState.SUBMITTED:
        raise ValidationError(NOT_SUBMITTED, code="state")
    _check_report_open(locked)
    now = _now(at)
    locked.state = SubmissionState.ACCEPTED
    locked.accepted_at = now
    locked.version += 1
    audited_save(locked, actor=actor, reason="Tiếp nhận báo cáo")
    _event(locked, SubmissionEventKind.ACCEPTED, actor, now)
    notices.submission_reviewed(locked, accepted=True)
    return locked


@transaction.atomic
def submission_file_add(*, actor: Any, submission: Submission, upload: Any) -> SubmissionFile:
    locked = _lock(submission)
    _check_editable(locked)
    original = os.path.basename((upload.name or "").replace("\\", "/"))
    checked = check_upload(upload, field="file")
    record = SubmissionFile(
        submission=locked,
        original_name=normalise_fields({"name": original or checked.name})["name"][:255],
        content_type=checked.content_type or "",
        size=checked.size or 0,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record.file.save(f"reports/{checked.name}", checked, save=False)
    audited_save(record, actor=actor)
    return record


@transaction.atomic
def submission_file_delete(*, actor: Any, file: SubmissionFile) -> None:
    locked = _lock(file.submission)
    _check_editable(locked)
    stored = file.file.name
    file._history_user = actor
    file.delete()
    storage = file.file.storage
    transaction.on_commit(lambda: storage.delete(stored) if stored else None)


@transaction.atomic
def submission_remind(*, actor: Any, request: ReportRequest, at: dt.datetime | None = None) -> int:
    """Remind every unit that has not sent its report yet (drafts and returned ones) through
    giaoban.notifications: in the app, and by e-mail once the transaction commits. Each reminder is an
    event on the submission, so the request page shows who was reminded when."""
    if request.is_withdrawn:
        raise ValidationError(REQUEST_WITHDRAWN, code="withdrawn")
    now = _now(at)
    pending = list(
        Submission.objects.select_for_update()
        .filter(request=request, state__in=[SubmissionState.DRAFT, SubmissionState.RETURNED])
        .select_related("unit")
    )
    for submission in pending:
        _event(submission, SubmissionEventKind.REMINDED, actor, now)
    notices.units_asked(request, pending, NotificationKind.REPORT_REMINDER)
    return len(pending)


# --- Committee reports -------------------------------------------------------------------------------


def _clean_report_sections(sections: Any) -> list[dict[str, str]]:
    if not isinstance(sections, list):
        raise ValidationError({"sections": SECTIONS_INVALID})
    result = []
    for section in sections:
        if not isinstance(section, dict):
            raise ValidationError({"sections": SECTIONS_INVALID})
        heading, text = section.get("heading", ""), section.get("text", "")
        if not isinstance(heading, str) or not isinstance(text, str):
            raise ValidationError({"sections": SECTIONS_INVALID})
        result.append({"heading": normalise_fields({"h": heading})["h"], "text": nfc(text).strip()})
    return result


def _current_version_number(report: CommitteeReport) -> int | None:
    return (
        ReportVersion.objects.filter(report=report)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )


def _add_version(
    report: CommitteeReport, sections: list[dict[str, str]], figures: dict, actor: Any, note: str
) -> ReportVersion:
    return ReportVersion.objects.create(
        report=report,
        number=(_current_version_number(report) or 0) + 1,
        sections=sections,
        figures=figures,
        note=normalise_fields({"note": note or ""})["note"][:300],
        created_at=timezone.now(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


@transaction.atomic
def report_create(
    *,
    actor: Any,
    period: ReportingPeriod,
    request: ReportRequest | None = None,
    summary: str = "",
    **header: Any,
) -> CommitteeReport:
    """The committee's report on a period; its first version is the aggregate's draft."""
    if request is not None and request.period_id != period.pk:
        raise ValidationError({"request": REQUEST_OTHER_PERIOD})
    if request is not None and request.is_withdrawn:
        raise ValidationError({"request": REQUEST_WITHDRAWN})
    if CommitteeReport.objects.filter(committee=period.committee_id, period=period).exists():
        raise ValidationError({"period": REPORT_EXISTS})
    values = normalise_fields(
        {k: v for k, v in header.items() if k in REPORT_HEADER_FIELDS and k != "summary"}, ("recipients",)
    )
    summary = normalise_fields({"summary": summary or ""})["summary"] or f"Báo cáo {period.name}"
    report = CommitteeReport(
        committee=period.committee, period=period, request=request, summary=summary, **values
    )
    check_letterhead(report.committee, report.letterhead)
    audited_save(report, actor=actor)
    aggregate = build_aggregate(user=actor, period=period, request=request)
    _add_version(
        report,
        aggregate.draft_sections(),
        aggregate.figures_dict(),
        actor,
        "Tổng hợp từ báo cáo của các đơn vị",
    )
    notices.report_awaiting_approval(report)
    return report


def _lock_report(report: CommitteeReport) -> CommitteeReport:
    return CommitteeReport.objects.select_for_update().select_related("period").get(pk=report.pk)


@transaction.atomic
def report_update(
    *,
    actor: Any,
    report: CommitteeReport,
    expected_version: int | None = None,
    sections: list[dict[str, str]] | None = None,
    note: str = "",
    **header: Any,
) -> CommitteeReport:
    """Edit the header and the text; a text that differs from the current version is saved as a new
    version (who, when, note) with the figures as they stand now."""
    locked = _lock_report(report)
    if locked.is_approved:
        raise ValidationError(REPORT_APPROVED, code="approved")
    values = normalise_fields({k: v for k, v in header.items() if k in REPORT_HEADER_FIELDS}, ("recipients",))
    if "summary" in values and not values["summary"]:
        raise ValidationError({"summary": REQUIRED})
    changed = bool(apply_changes(locked, values, expected_version=expected_version))
    check_letterhead(locked.committee, locked.letterhead)
    if sections is not None:
        cleaned = _clean_report_sections(sections)
        current = ReportVersion.objects.filter(report=locked).order_by("-number").first()
        if current is None or current.sections != cleaned:
            figures = build_aggregate(user=actor, period=locked.period, request=locked.request).figures_dict()
            _add_version(locked, cleaned, figures, actor, note)
            if not changed:
                locked.version += 1
            changed = True
    if changed:
        audited_save(locked, actor=actor)
    return locked


@transaction.atomic
def report_rebuild(*, actor: Any, report: CommitteeReport) -> CommitteeReport:
    """A new version assembled afresh from the accepted submissions (after late ones came in)."""
    locked = _lock_report(report)
    if locked.is_approved:
        raise ValidationError(REPORT_APPROVED, code="approved")
    aggregate = build_aggregate(user=actor, period=locked.period, request=locked.request)
    _add_version(
        locked,
        aggregate.draft_sections(),
        aggregate.figures_dict(),
        actor,
        "Tổng hợp lại từ báo cáo của các đơn vị",
    )
    locked.version += 1
    audited_save(locked, actor=actor, reason="Tổng hợp lại")
    return locked


@transaction.atomic
def report_approve(
    *,
    actor: Any,
    report: CommitteeReport,
    expected_version: int | None = None,
    date: dt.date | None = None,
    at: dt.datetime | None = None,
) -> CommitteeReport:
    """A leader approves the final text: the report takes its number and date and is locked."""
    locked = _lock_report(report)
    if expected_version is not None and locked.version != expected_version:
        raise EditConflict()
    if locked.is_approved:
        raise ValidationError(REPORT_APPROVED, code="approved")
    if locked.is_returned:
        raise ValidationError(REPORT_RETURNED, code="state")
    now = _now(at)
    locked.date = date or locked.date or timezone.localdate(now)
    locked.year = locked.date.year
    # The number it held stays if the year did not change (approved again after reopening).
    locked.number = document_number_register(document=locked, committee_id=locked.committee_id)
    locked.state = ReportState.APPROVED
    locked.approved_figures = build_aggregate(
        user=actor, period=locked.period, request=locked.request
    ).snapshot()
    locked.approved_at = now
    locked.approved_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.version += 1
    audited_save(locked, actor=actor, reason="Duyệt báo cáo")
    _report_event(locked, ReportEventKind.APPROVED, actor, now)
    notices.report_decided(locked, approved=True)
    return locked


@transaction.atomic
def report_reopen(*, actor: Any, report: CommitteeReport, reason: str) -> CommitteeReport:
    """Back to draft for corrections; the number stays with the report."""
    locked = _lock_report(report)
    if not locked.is_approved:
        raise ValidationError(REPORT_NOT_APPROVED, code="state")
    reason = normalise_fields({"reason": reason or ""})["reason"]
    if not reason:
        raise ValidationError({"reason": REOPEN_REASON_REQUIRED})
    locked.state = ReportState.DRAFT
    locked.approved_figures = None
    locked.approved_at = None
    locked.approved_by = None
    locked.version += 1
    audited_save(locked, actor=actor, reason=f"Mở lại: {reason}"[:100])
    _report_event(locked, ReportEventKind.REOPENED, actor, timezone.now(), reason)
    return locked


def _report_event(
    report: CommitteeReport, kind: Any, actor: Any, at: dt.datetime, comment: str = ""
) -> ReportEvent:
    """Records a decision with the number of the text version it was taken on."""
    return ReportEvent.objects.create(
        report=report,
        kind=kind,
        version_number=_current_version_number(report),
        at=at,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        comment=comment,
    )


@transaction.atomic
def report_return(
    *,
    actor: Any,
    report: CommitteeReport,
    comment: str,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> CommitteeReport:
    """A leader sends the draft back to the secretariat with comments instead of approving it; the
    secretariat edits it and submits it again (report_resubmit)."""
    locked = _lock_report(report)
    if expected_version is not None and locked.version != expected_version:
        raise EditConflict()
    if locked.is_approved:
        raise ValidationError(REPORT_APPROVED, code="approved")
    if locked.is_returned:
        raise ValidationError(REPORT_RETURNED, code="state")
    comment = nfc(comment or "").strip()
    if not comment:
        raise ValidationError({"comment": REPORT_RETURN_COMMENT_REQUIRED})
    now = _now(at)
    locked.state = ReportState.RETURNED
    locked.version += 1
    audited_save(locked, actor=actor, reason=f"Trả lại: {comment}"[:100])
    _report_event(locked, ReportEventKind.RETURNED, actor, now, comment)
    notices.report_decided(locked, approved=False, comment=comment)
    return locked


@transaction.atomic
def report_resubmit(
    *,
    actor: Any,
    report: CommitteeReport,
    note: str = "",
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> CommitteeReport:
    """The secretariat submits a returned report again for approval (back to draft, awaiting a leader)."""
    locked = _lock_report(report)
    if expected_version is not None and locked.version != expected_version:
        raise EditConflict()
    if not locked.is_returned:
        raise ValidationError(REPORT_NOT_RETURNED, code="state")
    note = nfc(note or "").strip()
    now = _now(at)
    locked.state = ReportState.DRAFT
    locked.version += 1
    audited_save(locked, actor=actor, reason="Trình lại báo cáo")
    _report_event(locked, ReportEventKind.RESUBMITTED, actor, now, note)
    notices.report_awaiting_approval(locked)
    return locked


# --- Reorganisations -----------------------------------------------------------------------------------


@transaction.atomic
def submissions_transfer_on_reorganisation(
    *, actor: Any, reorganisation: Any, predecessor: Organisation, successor: Organisation, on: dt.date
) -> dict[str, int]:
    """A predecessor's report still to be written (draft or returned) passes to the successor, unless
    the successor already has its own for that request; reports sent or accepted stay with the unit
    that wrote them."""
    reason = f"{reorganisation.get_kind_display()}: {predecessor.name} → {successor.name}"
    taken = Submission.objects.filter(unit=successor).values("request")
    pending = (
        Submission.objects.select_for_update()
        .filter(unit=predecessor, state__in=[SubmissionState.DRAFT, SubmissionState.RETURNED])
        .exclude(request__in=taken)
    )
    moved = 0
    for submission in pending:
        submission.unit = successor
        submission.version += 1
        audited_save(submission, actor=actor, reason=reason)
        moved += 1
    return {"requests": moved}
