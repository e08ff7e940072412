"""Who the report services notify, and of what (giaoban.notifications): each call names the unit and
the committee, and links to the page where the recipient acts."""

from __future__ import annotations

from typing import Any

from giaoban.notifications.models import NotificationKind
from giaoban.notifications.selectors import leaders_of, secretariat_of
from giaoban.notifications.services import notify, notify_units

from .models import CommitteeReport, ReportRequest, Submission


def request_sent(request: ReportRequest) -> None:
    """Each unit's officers: a request to report, opening their own submission."""
    units_asked(request, list(request.submissions.select_related("unit")), NotificationKind.REPORT_REQUESTED)


def units_asked(request: ReportRequest, submissions: list[Submission], kind: Any) -> None:
    """The officers of each submission's unit: asked to report (or reminded), linked to their submission."""
    notify_units(
        units=[s.unit for s in submissions],
        kind=kind,
        committee=request.committee,
        subject=request.title,
        on_date=request.deadline,
        links={s.unit_id: s.get_absolute_url() for s in submissions},
    )


def submission_sent(submission: Submission, *, again: bool) -> None:
    """The committee's secretariat: a unit's report (sent again after a return) to review."""
    request = submission.request
    notify(
        recipients=secretariat_of(request.committee_id),
        kind=NotificationKind.SUBMISSION_RESUBMITTED if again else NotificationKind.SUBMISSION_SUBMITTED,
        committee=request.committee,
        unit=submission.unit,
        subject=request.title,
        on_date=request.deadline,
        link=submission.get_absolute_url(),
    )


def submission_reviewed(submission: Submission, *, accepted: bool, comment: str = "") -> None:
    """The unit's officers: their report accepted, or returned with the secretariat's comments."""
    request = submission.request
    notify_units(
        units=[submission.unit],
        kind=NotificationKind.SUBMISSION_ACCEPTED if accepted else NotificationKind.SUBMISSION_RETURNED,
        committee=request.committee,
        subject=request.title,
        note=comment,
        link=submission.get_absolute_url(),
    )


def report_awaiting_approval(report: CommitteeReport) -> None:
    """The committee's leaders: a committee report waiting for their approval."""
    committee = report.committee
    notify(
        recipients=leaders_of(committee.pk),
        kind=NotificationKind.REPORT_AWAITING_APPROVAL,
        committee=committee,
        unit=committee.standing_agency,
        subject=report.summary,
        link=report.get_absolute_url(),
    )


def report_decided(report: CommitteeReport, *, approved: bool, comment: str = "") -> None:
    """The committee's secretariat: the leader approved the report, or returned it with comments."""
    committee = report.committee
    notify(
        recipients=secretariat_of(committee.pk),
        kind=NotificationKind.REPORT_APPROVED if approved else NotificationKind.REPORT_RETURNED,
        committee=committee,
        unit=committee.standing_agency,
        subject=report.summary,
        note=comment,
        link=report.get_absolute_url(),
    )
