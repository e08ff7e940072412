"""Reads of reporting, each through one door per record kind (domain.md §2):

- secretariat and leaders: everything of their committees;
- a unit officer: the periods and outlines of their committees, the requests addressed to their unit,
  their unit's own submissions (never another unit's), and committee reports once approved;
- anyone else: nothing. A record outside the door answers 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from giaoban.core import permissions
from giaoban.core.vietnamese import collation_key

from .diff import DiffResult, report_versions_diff
from .indicators import unit_figures
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
    SectionText,
    Submission,
    SubmissionEvent,
    SubmissionFile,
    SubmissionState,
    TemplateSection,
)
from .permissions import committee_ids


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def _unit_officer_unit(user: Any) -> int | None:
    if permissions.is_unit_officer(user) and user.organisation_id:
        return user.organisation_id
    return None


def periods_visible_to(user: Any) -> QuerySet[ReportingPeriod]:
    if not _active(user) or not (permissions.sees_whole_committee(user) or _unit_officer_unit(user)):
        return ReportingPeriod.objects.none()
    return ReportingPeriod.objects.filter(committee__in=committee_ids(user))


def templates_visible_to(user: Any) -> QuerySet[ReportTemplate]:
    if not _active(user) or not (permissions.sees_whole_committee(user) or _unit_officer_unit(user)):
        return ReportTemplate.objects.none()
    return ReportTemplate.objects.filter(committee__in=committee_ids(user))


def requests_visible_to(user: Any) -> QuerySet[ReportRequest]:
    if not _active(user):
        return ReportRequest.objects.none()
    if permissions.sees_whole_committee(user):
        return ReportRequest.objects.filter(committee__in=committee_ids(user))
    unit = _unit_officer_unit(user)
    if unit:
        return ReportRequest.objects.filter(submissions__unit=unit)
    return ReportRequest.objects.none()


def submissions_visible_to(user: Any) -> QuerySet[Submission]:
    if not _active(user):
        return Submission.objects.none()
    if permissions.sees_whole_committee(user):
        return Submission.objects.filter(request__committee__in=committee_ids(user))
    unit = _unit_officer_unit(user)
    if unit:
        return Submission.objects.filter(unit=unit)
    return Submission.objects.none()


def reports_visible_to(user: Any) -> QuerySet[CommitteeReport]:
    if not _active(user):
        return CommitteeReport.objects.none()
    if permissions.sees_whole_committee(user):
        return CommitteeReport.objects.filter(committee__in=committee_ids(user))
    if _unit_officer_unit(user):
        return CommitteeReport.objects.filter(committee__in=committee_ids(user), state=ReportState.APPROVED)
    return CommitteeReport.objects.none()


# --- Periods and outlines ----------------------------------------------------------------------------


def period_list(
    *, user: Any, committee: int | None = None, year: int | None = None
) -> QuerySet[ReportingPeriod]:
    qs = periods_visible_to(user).select_related("committee")
    if committee:
        qs = qs.filter(committee=committee)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-end_date", "-start_date", "pk")


def period_get(*, user: Any, pk: int) -> ReportingPeriod:
    return get_object_or_404(periods_visible_to(user).select_related("committee"), pk=pk)


def template_list(*, user: Any, committee: int | None = None) -> QuerySet[ReportTemplate]:
    qs = templates_visible_to(user).select_related("committee")
    if committee:
        qs = qs.filter(committee=committee)
    return qs.order_by("-created_at", "-pk")


def template_get(*, user: Any, pk: int) -> ReportTemplate:
    return get_object_or_404(
        templates_visible_to(user)
        .select_related("committee", "copied_from")
        .prefetch_related(
            Prefetch("sections", queryset=TemplateSection.objects.order_by("position", "pk")),
            Prefetch("indicators", queryset=Indicator.objects.order_by("position", "pk")),
        ),
        pk=pk,
    )


def section_list(*, template: ReportTemplate) -> QuerySet[TemplateSection]:
    return TemplateSection.objects.filter(template=template).order_by("position", "pk")


def indicator_list(*, template: ReportTemplate) -> QuerySet[Indicator]:
    return Indicator.objects.filter(template=template).order_by("position", "pk")


def latest_template(*, committee: Any) -> ReportTemplate | None:
    """The outline of the committee's latest request (else its newest outline): the one "copy from the
    previous period" starts from."""
    request = (
        ReportRequest.objects.filter(committee=committee, withdrawn_at__isnull=True)
        .order_by("-period__end_date", "-pk")
        .first()
    )
    if request is not None:
        return request.template
    return newest_template(committee=committee)


def newest_template(*, committee: Any) -> ReportTemplate | None:
    """The committee's most recently made outline (often the copy just made for the new period): the one a
    new request proposes."""
    return ReportTemplate.objects.filter(committee=committee).order_by("-created_at", "-pk").first()


# --- Requests and submissions ------------------------------------------------------------------------


WAITING = ("open", "returned", "submitted", "missing")


def submissions_waiting(*, user: Any, waiting: str, today: dt.date | None = None) -> QuerySet[Submission]:
    """Submissions the user sees at a step where someone must act, while the committee report on their
    request is not approved (which locks them): "open" a draft the unit has not sent, "returned" sent back
    for corrections, "submitted" waiting for the secretariat, "missing" never sent and past the deadline."""
    today = today or timezone.localdate()
    locked = CommitteeReport.objects.filter(request=OuterRef("request"), state=ReportState.APPROVED)
    # A withdrawn request leaves the units' open work and the late counts.
    qs = submissions_visible_to(user).exclude(Exists(locked)).filter(request__withdrawn_at__isnull=True)
    if waiting == "open":
        return qs.filter(state=SubmissionState.DRAFT)
    if waiting == "returned":
        return qs.filter(state=SubmissionState.RETURNED)
    if waiting == "submitted":
        return qs.filter(state=SubmissionState.SUBMITTED)
    if waiting == "missing":
        return qs.filter(first_submitted_at__isnull=True, request__deadline__lt=today)
    raise ValueError(waiting)


def request_list(
    *, user: Any, committee: int | None = None, period: int | None = None, waiting: str | None = None
) -> QuerySet[ReportRequest]:
    """Requests the user sees; `waiting` (one of WAITING) keeps those with a submission at that step."""
    qs = requests_visible_to(user).select_related("committee", "period", "template")
    if committee:
        qs = qs.filter(committee=committee)
    if period:
        qs = qs.filter(period=period)
    if waiting:
        qs = qs.filter(pk__in=submissions_waiting(user=user, waiting=waiting).values("request_id"))
    return qs.order_by("-deadline", "-pk")


def request_get(*, user: Any, pk: int) -> ReportRequest:
    return get_object_or_404(
        requests_visible_to(user).select_related("committee", "period", "template").distinct(), pk=pk
    )


def days_late(submission: Submission, deadline: dt.date, today: dt.date | None = None) -> int:
    """Days past the deadline: of the first submission, or of today while nothing was sent; 0 if on time.

    A submission returned for corrections keeps the date it first came in: the unit reported on time,
    and the corrections are the secretariat's round, shown apart (`return_count`)."""
    if submission.first_submitted_at is not None:
        sent = timezone.localdate(submission.first_submitted_at)
        return max(0, (sent - deadline).days)
    today = today or timezone.localdate()
    return max(0, (today - deadline).days)


@dataclass
class SubmissionRow:
    submission: Submission
    days_late: int

    @property
    def is_missing(self) -> bool:
        """Not sent yet and the deadline has passed."""
        return self.submission.first_submitted_at is None and self.days_late > 0


@dataclass
class RequestStatus:
    """The request page's table and figures."""

    rows: list[SubmissionRow]
    total: int
    submitted: int  # sent at least once (submitted, returned, accepted)
    on_time: int
    late: int  # sent after the deadline
    missing: int  # not sent, deadline passed
    not_yet_due: int  # not sent, deadline not passed
    returned: int  # currently returned, waiting for the unit
    accepted: int
    awaiting_review: int


def request_status(*, request: ReportRequest, today: dt.date | None = None) -> RequestStatus:
    """Every unit's submission with its lateness: two queries. Once the request is withdrawn, a unit
    that had not sent is no longer counted late."""
    today = today or timezone.localdate()
    if request.is_withdrawn:
        today = min(today, request.deadline)
    submissions = list(Submission.objects.filter(request=request).select_related("unit"))
    rows = [SubmissionRow(s, days_late(s, request.deadline, today)) for s in submissions]
    rows.sort(key=lambda row: collation_key(row.submission.unit.name))
    sent = [row for row in rows if row.submission.first_submitted_at is not None]
    unsent = [row for row in rows if row.submission.first_submitted_at is None]
    return RequestStatus(
        rows=rows,
        total=len(rows),
        submitted=len(sent),
        on_time=sum(1 for row in sent if row.days_late == 0),
        late=sum(1 for row in sent if row.days_late > 0),
        missing=sum(1 for row in unsent if row.days_late > 0),
        not_yet_due=sum(1 for row in unsent if row.days_late == 0),
        returned=sum(1 for row in rows if row.submission.state == SubmissionState.RETURNED),
        accepted=sum(1 for row in rows if row.submission.state == SubmissionState.ACCEPTED),
        awaiting_review=sum(1 for row in rows if row.submission.state == SubmissionState.SUBMITTED),
    )


def submission_list(
    *, user: Any, request: int | None = None, state: str | None = None
) -> QuerySet[Submission]:
    qs = submissions_visible_to(user).select_related("unit", "request", "request__period")
    if request:
        qs = qs.filter(request=request)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-request__deadline", "unit__name", "pk")


def submission_get(*, user: Any, pk: int) -> Submission:
    return get_object_or_404(
        submissions_visible_to(user).select_related(
            "unit", "request", "request__committee", "request__period", "request__template"
        ),
        pk=pk,
    )


def submission_texts(*, submission: Submission) -> dict[int, str]:
    return dict(SectionText.objects.filter(submission=submission).values_list("section_id", "text"))


def submission_values(*, submission: Submission) -> dict[int, Any]:
    return dict(IndicatorValue.objects.filter(submission=submission).values_list("indicator_id", "value"))


def submission_events(*, submission: Submission) -> QuerySet[SubmissionEvent]:
    return SubmissionEvent.objects.filter(submission=submission).select_related("actor").order_by("at", "pk")


def submission_files(*, submission: Submission) -> QuerySet[SubmissionFile]:
    return SubmissionFile.objects.filter(submission=submission).order_by("created_at", "pk")


@dataclass
class IndicatorRow:
    indicator: Indicator
    value: Any
    # A computed figure with no per-unit share (meetings held) is the committee's, shown as such.
    committee_wide: bool


@dataclass
class SubmissionRead:
    """One unit's report as the page, the form and the API show it: texts by section, figures (the
    system's computed for the unit, read-only), files, events and lateness."""

    submission: Submission
    sections: list[tuple[TemplateSection, str]]
    indicator_rows: list[IndicatorRow]
    files: list[SubmissionFile]
    events: list[SubmissionEvent]
    days_late: int

    @property
    def computed_rows(self) -> list[IndicatorRow]:
        return [row for row in self.indicator_rows if row.indicator.is_computed]


def submission_read(*, user: Any, submission: Submission) -> SubmissionRead:
    """A fixed number of queries (the computed figures' own included), whatever the outline's size."""
    req = submission.request
    texts = submission_texts(submission=submission)
    values = submission_values(submission=submission)
    indicators = list(indicator_list(template=req.template))
    computed: dict[str, Any] = {}
    if any(indicator.is_computed for indicator in indicators):
        computed = unit_figures(
            committee=req.committee,
            unit_id=submission.unit_id,
            start=req.period.start_date,
            end=req.period.end_date,
            user=user,
        )
    return SubmissionRead(
        submission=submission,
        sections=[(section, texts.get(section.pk, "")) for section in section_list(template=req.template)],
        indicator_rows=[
            IndicatorRow(
                indicator=indicator,
                value=computed.get(indicator.source) if indicator.is_computed else values.get(indicator.pk),
                committee_wide=indicator.is_computed and indicator.source not in computed,
            )
            for indicator in indicators
        ],
        files=list(submission_files(submission=submission)),
        events=list(submission_events(submission=submission)),
        days_late=days_late(submission, req.deadline),
    )


def submission_file_get(*, user: Any, pk: int) -> SubmissionFile:
    return get_object_or_404(
        SubmissionFile.objects.filter(submission__in=submissions_visible_to(user)).select_related(
            "submission"
        ),
        pk=pk,
    )


# --- Committee reports -------------------------------------------------------------------------------


def report_list(
    *,
    user: Any,
    committee: int | None = None,
    year: int | None = None,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    state: str | None = None,
) -> QuerySet[CommitteeReport]:
    qs = reports_visible_to(user).select_related("committee", "period")
    if state:
        qs = qs.filter(state=state)
    if committee:
        qs = qs.filter(committee=committee)
    if year:
        qs = qs.filter(period__year=year)
    if period_start:
        qs = qs.filter(period__end_date__gte=period_start)
    if period_end:
        qs = qs.filter(period__start_date__lte=period_end)
    return qs.order_by("-period__end_date", "-pk")


def report_get(*, user: Any, pk: int) -> CommitteeReport:
    return get_object_or_404(
        reports_visible_to(user).select_related(
            "committee", "period", "request", "request__template", "signer", "approved_by"
        ),
        pk=pk,
    )


def report_of_period(*, user: Any, period: ReportingPeriod) -> CommitteeReport | None:
    """The committee's report on the period, if there is one the user may see."""
    return reports_visible_to(user).filter(period=period).first()


def report_versions(*, report: CommitteeReport) -> QuerySet[ReportVersion]:
    return ReportVersion.objects.filter(report=report).select_related("created_by").order_by("-number")


def report_current_version(*, report: CommitteeReport) -> ReportVersion | None:
    return ReportVersion.objects.filter(report=report).order_by("-number").first()


def report_version_get(*, report: CommitteeReport, number: int) -> ReportVersion:
    return get_object_or_404(ReportVersion.objects.filter(report=report), number=number)


def report_events(*, report: CommitteeReport) -> QuerySet[ReportEvent]:
    """The report's decisions (returns with their comments, resubmissions, approvals, reopenings), oldest
    first."""
    return ReportEvent.objects.filter(report=report).select_related("actor").order_by("at", "pk")


def report_last_return(*, report: CommitteeReport) -> ReportEvent | None:
    """The latest return by a leader, with its comments."""
    return (
        ReportEvent.objects.filter(report=report, kind=ReportEventKind.RETURNED)
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )


# Leader decisions: the version each was taken on is a version a leader read.
LEADER_DECISIONS = (ReportEventKind.RETURNED, ReportEventKind.APPROVED)


@dataclass
class ApprovalContext:
    """What a leader reads before deciding: how many units' submissions the report stands on (from its
    request; None when it has none) and what changed in the text since the version a leader last decided
    on (else since the previous version)."""

    coverage: RequestStatus | None
    current: ReportVersion | None
    baseline: ReportVersion | None
    baseline_seen: bool  # the baseline is the version of a leader's last decision, not merely the previous
    diff: DiffResult | None
    last_return: ReportEvent | None

    @property
    def expected(self) -> int:
        return self.coverage.total if self.coverage else 0

    @property
    def received(self) -> int:
        return self.coverage.submitted if self.coverage else 0

    @property
    def accepted(self) -> int:
        return self.coverage.accepted if self.coverage else 0

    @property
    def not_received(self) -> int:
        return self.expected - self.received

    @property
    def missing_units(self) -> list[Any]:
        """The units that have sent nothing, in Vietnamese order."""
        if self.coverage is None:
            return []
        return [
            row.submission.unit for row in self.coverage.rows if row.submission.first_submitted_at is None
        ]


def report_approval_context(*, report: CommitteeReport, today: dt.date | None = None) -> ApprovalContext:
    """The approval page's context (and GET /api/v1/reports/{id}/approval-context): a bounded number of
    queries whatever the number of versions or units."""
    coverage = request_status(request=report.request, today=today) if report.request_id else None
    decisions = list(
        ReportEvent.objects.filter(report=report, kind__in=LEADER_DECISIONS, version_number__isnull=False)
        .select_related("actor")
        .order_by("-at", "-pk")[:1]
    )
    last_decision = decisions[0] if decisions else None
    last_return = report_last_return(report=report)
    current = report_current_version(report=report)
    baseline = None
    if current is not None and last_decision is not None and last_decision.version_number <= current.number:
        baseline = ReportVersion.objects.filter(report=report, number=last_decision.version_number).first()
    seen = baseline is not None
    if current is not None and baseline is None:
        baseline = (
            ReportVersion.objects.filter(report=report, number__lt=current.number).order_by("-number").first()
        )
    return ApprovalContext(
        coverage=coverage,
        current=current,
        baseline=baseline,
        baseline_seen=seen,
        diff=report_versions_diff(baseline, current)
        if baseline is not None and current is not None
        else None,
        last_return=last_return,
    )
