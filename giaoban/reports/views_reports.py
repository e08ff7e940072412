"""The committee report pages: list, create, the report (figures, indicator totals, the per-unit annex,
the text by section, its versions), edit, rebuild from the submissions, approve, reopen, a version, the
diff between two versions, and the downloads (DOCX, PDF, annex XLSX).

Reports come only through the selectors (a report the user may not see answers 404: a unit officer sees
approved ones only) and are written only through the services; permissions.py says who may act on a
report they see (403 otherwise). An approved report is locked: editing and rebuilding answer 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from giaoban.core import permissions as core_permissions
from giaoban.core.audit import history_entries
from giaoban.core.documents import PdfConversionError, pdf_available
from giaoban.core.models import Letterhead
from giaoban.core.views_mixins import PaginatedListMixin, ReadPageMixin
from giaoban.core.xlsx import XLSX_CONTENT_TYPE
from giaoban.org.letterhead import document_letterhead

from . import aggregate, diff, documents, forms_reports, permissions, selectors, services
from .models import CommitteeReport, ReportVersion
from .views import ReportFormView
from .views import tabs as section_tabs

REPORTS = gettext_lazy("Báo cáo của ban chỉ đạo")
ANNEX_PAGE_SIZE = 50
DOCUMENT_FORMATS = ("docx", "pdf")


def report_symbol(report: CommitteeReport) -> str:
    """ "12/BC-BCĐ" (state layout) or "12-BC/BCĐ" (Party layout) once approved; "" before."""
    if report.number is None:
        return ""
    return document_letterhead(report, report.committee).symbol(report.number, documents.TYPE_CODE)


def figures_view(figures: dict[str, Any] | None) -> dict[str, Any]:
    """A version's stored figures (aggregate.figures_dict) with the defaults a page needs."""
    figures = figures or {}
    delegations = figures.get("delegations") or {}
    tasks = figures.get("tasks") or {}
    return {
        "delegations": delegations,
        "delegations_sentence": delegations.get("sentence", ""),
        "tasks": tasks,
        "tasks_sentence": tasks.get("sentence", ""),
        "meetings_held": figures.get("meetings_held"),
        "meetings_sentence": aggregate.meetings_sentence(figures.get("meetings_held"))
        if "meetings_held" in figures
        else "",
        "submissions": figures.get("submissions") or {},
        "indicators": figures.get("indicators") or [],
    }


def attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """A generated file as a download that the browser neither sniffs nor runs."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _version_number(value: str | None) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise Http404 from error


# --- Read pages --------------------------------------------------------------------------------------


class ReportListView(ReadPageMixin, PaginatedListMixin, TemplateView):
    template_name = "reports/report_list.html"

    def get_breadcrumbs(self):
        return [(REPORTS, None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = forms_reports.ReportFilterForm(self.request.GET, user=user)
        filters = form.filters()
        reports = selectors.report_list(
            user=user, committee=filters["committee"], year=filters["year"], state=filters["state"]
        )
        page = self.paginate(reports)
        page["object_list"] = rows = list(page["object_list"])
        for report in rows:
            report.symbol = report_symbol(report)
        context.update(page)
        context.update(
            filter_form=form,
            filtered=any(filters.values()),
            tabs=section_tabs("reports"),
            can_create=permissions.can_manage_reporting(user),
        )
        return context


class ReportPageMixin(ReadPageMixin):
    """A read page of one report: fetched through the selector (404 outside the user's view)."""

    report: CommitteeReport
    # The drafting history (versions, diffs) stays with those who see the whole committee.
    drafting_history = False

    def get(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        self.report = selectors.report_get(user=request.user, pk=kwargs["pk"])
        if self.drafting_history and not permissions.can_see_drafting(request.user, self.report):
            raise Http404
        return super().get(request, *args, **kwargs)

    def report_crumbs(self) -> list[tuple[Any, str | None]]:
        return [
            (REPORTS, reverse("reports:report-list")),
            (self.report.summary, self.report.get_absolute_url()),
        ]


class ReportDetailView(ReportPageMixin, TemplateView):
    template_name = "reports/report_detail.html"

    def get_breadcrumbs(self):
        return [(REPORTS, reverse("reports:report-list")), (self.report.summary, None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user, report = self.request.user, self.report
        versions = list(selectors.report_versions(report=report))
        current = versions[0] if versions else None
        whole_committee = core_permissions.sees_whole_committee(user)
        can_edit = permissions.can_edit_report(user, report)
        can_approve = permissions.can_approve_report(user, report)
        events = list(selectors.report_events(report=report)) if whole_committee else []
        context.update(
            events=events,
            last_return=selectors.report_last_return(report=report) if report.is_returned else None,
            approval=selectors.report_approval_context(report=report) if can_approve else None,
            return_form=forms_reports.ReportReturnForm(user=user, report=report) if can_approve else None,
            can_resubmit=permissions.can_resubmit_report(user, report),
            report=report,
            symbol=report_symbol(report),
            current=current,
            versions=versions if permissions.can_see_drafting(user, report) else [],
            figures=figures_view(current.figures if current else None),
            can_edit=can_edit,
            can_approve=can_approve,
            can_reopen=permissions.can_reopen_report(user, report),
            approve_form=forms_reports.ReportApproveForm(user=user, report=report) if can_approve else None,
            pdf=pdf_available(),
            history=history_entries(report) if whole_committee else [],
            sees_whole_committee=whole_committee,
        )
        # The per-unit annex is computed now; its figures are the committee's whoever reads it.
        totals = aggregate.report_aggregate(user=user, report=report)
        annex = Paginator(totals.annex_rows(), ANNEX_PAGE_SIZE)
        context.update(
            annex_indicators=[row.indicator for row in totals.indicators],
            annex_page=annex.get_page(self.request.GET.get("annex_page")),
            figures_changed=can_edit
            and current is not None
            and _comparable(totals.figures_dict()) != _comparable(current.figures),
        )
        return context


def _comparable(figures: dict[str, Any] | None) -> dict[str, Any]:
    """The parts of the figures that new submissions or records change (the period's name may be edited)."""
    figures = dict(figures or {})
    figures.pop("period", None)
    return figures


class ReportVersionView(ReportPageMixin, TemplateView):
    """A version as it was saved: its text and the figures as they stood."""

    drafting_history = True

    template_name = "reports/report_version.html"

    def get_breadcrumbs(self):
        return [*self.report_crumbs(), (_("Phiên bản %(n)s") % {"n": self.kwargs["number"]}, None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        version = selectors.report_version_get(report=self.report, number=self.kwargs["number"])
        latest = selectors.report_current_version(report=self.report)
        context.update(
            report=self.report,
            version=version,
            is_current=latest is not None and latest.number == version.number,
            figures=figures_view(version.figures),
        )
        return context


class ReportDiffView(ReportPageMixin, TemplateView):
    """What changed between two versions (?from=&to=, by number); by default the last change."""

    drafting_history = True

    template_name = "reports/report_diff.html"

    def get_breadcrumbs(self):
        return [*self.report_crumbs(), (_("So sánh phiên bản"), None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        versions = list(selectors.report_versions(report=self.report))
        by_number: dict[int, ReportVersion] = {version.number: version for version in versions}
        to_number = _version_number(self.request.GET.get("to"))
        from_number = _version_number(self.request.GET.get("from"))
        if to_number is None:
            to_number = versions[0].number if versions else None
        if from_number is None and to_number is not None:
            earlier = [number for number in by_number if number < to_number]
            from_number = max(earlier) if earlier else to_number
        if from_number not in by_number or to_number not in by_number:
            raise Http404
        old, new = by_number[from_number], by_number[to_number]
        context.update(
            report=self.report,
            versions=versions,
            old=old,
            new=new,
            compared=[old, new],
            diff=diff.report_versions_diff(old, new),
        )
        return context


# --- Forms -------------------------------------------------------------------------------------------


class ReportFormPage(ReportFormView):
    """A form on one report: 404 if unseen, 403 if the user may not take this action (an approved
    report is locked); a service's ValidationError shows the form again with the user's input
    (ReportFormView, on ManageFormView)."""

    template_name = "reports/report_form.html"

    def get_object(self) -> CommitteeReport:
        return selectors.report_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_form_instance(self) -> None:
        return None

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "report": self.object}

    def get_breadcrumbs(self):
        return [
            (REPORTS, reverse("reports:report-list")),
            (self.object.summary, self.object.get_absolute_url()),
            (self.get_page_title(), None),
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "report": self.object,
            "symbol": report_symbol(self.object),
        }


class ReportCreateView(ReportFormView):
    template_name = "reports/report_form.html"
    form_class = forms_reports.ReportCreateForm
    page_title = gettext_lazy("Lập báo cáo của ban chỉ đạo")

    def has_permission(self) -> bool:
        return permissions.can_manage_reporting(self.request.user)

    def get_breadcrumbs(self):
        return [(REPORTS, reverse("reports:report-list")), (self.get_page_title(), None)]

    def get_cancel_url(self) -> str:
        return reverse("reports:report-list")

    def get_initial(self) -> dict[str, Any]:
        return {
            name: self.request.GET.get(name) for name in ("period", "request") if self.request.GET.get(name)
        }

    def perform(self, form) -> CommitteeReport:
        data = form.cleaned_data
        return services.report_create(
            actor=self.request.user,
            period=data["period"],
            request=data.get("request"),
            summary=data.get("summary") or "",
            letterhead=data.get("letterhead") or Letterhead.COMMITTEE,
        )

    def get_success_message(self, saved: CommitteeReport) -> str:
        return _("Đã lập báo cáo “%(summary)s” (phiên bản 1, tổng hợp từ số liệu và báo cáo của đơn vị).") % {
            "summary": saved.summary
        }


class ReportUpdateView(ReportFormPage):
    """The header and each section's text; saving makes a new version. A stale version shows the conflict
    message with the user's text kept in the form."""

    template_name = "reports/report_update.html"
    form_class = forms_reports.ReportUpdateForm
    page_title = gettext_lazy("Sửa báo cáo")

    def has_permission(self) -> bool:
        return permissions.can_edit_report(self.request.user, self.object)

    def get_form_instance(self) -> CommitteeReport:
        import copy

        return copy.copy(self.object)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.pop("report")
        current = selectors.report_current_version(report=self.object)
        kwargs["sections"] = list(current.sections) if current else []
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        totals = aggregate.report_aggregate(user=self.request.user, report=self.object)
        form = context["form"]
        # Each section beside the outline's section of the same heading (else of the same place), with
        # the units' texts under it as a reference.
        drafts = totals.sections
        by_heading = {draft.section.heading.strip(): draft for draft in drafts}
        rows = []
        for index, (heading, text) in enumerate(form.section_fields()):
            draft = by_heading.get((heading.value() or "").strip())
            if draft is None and index < len(drafts):
                draft = drafts[index]
            rows.append((heading, text, draft))
        context["section_rows"] = rows
        return context

    def perform(self, form) -> CommitteeReport:
        return services.report_update(
            actor=self.request.user,
            report=self.object,
            expected_version=form.cleaned_data["version"],
            sections=form.sections(),
            note=form.cleaned_data.get("note") or "",
            **form.header(),
        )

    def get_success_message(self, saved: CommitteeReport) -> str:
        current = selectors.report_current_version(report=saved)
        return _("Đã lưu báo cáo (phiên bản %(n)s).") % {"n": current.number if current else 1}


class ReportRebuildView(ReportFormPage):
    """A new version from the aggregate's draft, after more submissions were accepted."""

    template_name = "reports/report_confirm.html"
    form_class = forms_reports.ReportRebuildForm
    page_title = gettext_lazy("Tổng hợp lại từ báo cáo của đơn vị")

    def has_permission(self) -> bool:
        return permissions.can_edit_report(self.request.user, self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "question": _(
                "Tạo phiên bản mới của báo cáo từ số liệu hiện tại và các báo cáo đã tiếp nhận của đơn vị? "
                "Nội dung đã sửa vẫn được giữ trong các phiên bản trước."
            ),
            "submit_label": _("Tổng hợp lại"),
        }

    def perform(self, form) -> CommitteeReport:
        services.report_rebuild(actor=self.request.user, report=self.object)
        return self.object

    def get_success_message(self, saved: CommitteeReport) -> str:
        current = selectors.report_current_version(report=saved)
        return _("Đã tổng hợp lại báo cáo (phiên bản %(n)s).") % {"n": current.number if current else 1}


class ReportApproveView(ReportFormPage):
    """A leader approves the final text: the report takes its number in the committee's series and locks."""

    template_name = "reports/report_confirm.html"
    form_class = forms_reports.ReportApproveForm
    page_title = gettext_lazy("Duyệt báo cáo")

    def has_permission(self) -> bool:
        return permissions.can_approve_report(self.request.user, self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "question": _(
                "Duyệt báo cáo này? Báo cáo sẽ được lấy số trong sổ văn bản của ban chỉ đạo và khóa, "
                "không sửa được nữa."
            ),
            "submit_label": _("Duyệt"),
            # Approving numbers and locks the report: never the primary button; returning it is offered
            # beside it.
            "submit_class": "btn-outline-success",
            "approval": selectors.report_approval_context(report=self.object),
            "return_url": reverse("reports:report-return", args=[self.object.pk]),
        }

    def perform(self, form) -> CommitteeReport:
        data = form.cleaned_data
        return services.report_approve(
            actor=self.request.user,
            report=self.object,
            expected_version=data["version"],
            date=data.get("date"),
        )

    def get_success_message(self, saved: CommitteeReport) -> str:
        return _("Đã duyệt báo cáo; số %(symbol)s.") % {"symbol": report_symbol(saved)}


class ReportReturnView(ReportFormPage):
    """A leader returns the report to the secretariat with comments instead of approving it."""

    template_name = "reports/report_confirm.html"
    form_class = forms_reports.ReportReturnForm
    page_title = gettext_lazy("Trả lại báo cáo")

    def has_permission(self) -> bool:
        return permissions.can_return_report(self.request.user, self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "question": _(
                "Trả lại báo cáo cho cơ quan thường trực kèm ý kiến; cơ quan thường trực sửa theo ý kiến rồi "
                "trình lại để duyệt."
            ),
            "submit_label": _("Trả lại"),
            "approval": selectors.report_approval_context(report=self.object),
        }

    def perform(self, form) -> CommitteeReport:
        data = form.cleaned_data
        return services.report_return(
            actor=self.request.user,
            report=self.object,
            comment=data["comment"],
            expected_version=data["version"],
        )

    def get_success_message(self, saved: CommitteeReport) -> str:
        return _("Đã trả lại báo cáo cho cơ quan thường trực kèm ý kiến.")


class ReportResubmitView(ReportFormPage):
    """The secretariat submits a returned report again for approval."""

    template_name = "reports/report_confirm.html"
    form_class = forms_reports.ReportResubmitForm
    page_title = gettext_lazy("Trình lại báo cáo")

    def has_permission(self) -> bool:
        return permissions.can_resubmit_report(self.request.user, self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "question": _("Trình lại báo cáo đã sửa để lãnh đạo duyệt?"),
            "submit_label": _("Trình lại"),
            "last_return": selectors.report_last_return(report=self.object),
        }

    def perform(self, form) -> CommitteeReport:
        data = form.cleaned_data
        return services.report_resubmit(
            actor=self.request.user,
            report=self.object,
            note=data.get("note") or "",
            expected_version=data["version"],
        )

    def get_success_message(self, saved: CommitteeReport) -> str:
        return _("Đã trình lại báo cáo để lãnh đạo duyệt.")


class ReportReopenView(ReportFormPage):
    """A leader reopens an approved report for corrections; the reason is kept in its history."""

    template_name = "reports/report_confirm.html"
    form_class = forms_reports.ReportReopenForm
    page_title = gettext_lazy("Mở lại báo cáo")

    def has_permission(self) -> bool:
        return permissions.can_reopen_report(self.request.user, self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "question": _("Mở lại báo cáo đã duyệt để sửa? Hãy ghi rõ lý do."),
            "submit_label": _("Mở lại"),
        }

    def perform(self, form) -> CommitteeReport:
        services.report_reopen(
            actor=self.request.user, report=self.object, reason=form.cleaned_data["reason"]
        )
        return self.object

    def get_success_message(self, saved: CommitteeReport) -> str:
        return _("Đã mở lại báo cáo.")


# --- Downloads ---------------------------------------------------------------------------------------


class ReportDocumentView(ReadPageMixin, View):
    """The report as DOCX or PDF in the committee's official layout (giaoban.reports.documents)."""

    def get(self, request, pk: int, fmt: str) -> HttpResponse:
        if fmt not in DOCUMENT_FORMATS:
            raise Http404
        report = selectors.report_get(user=request.user, pk=pk)
        try:
            rendered = documents.render(report, fmt, user=request.user)
        except PdfConversionError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(report.get_absolute_url())
        return attachment(rendered.content, rendered.filename, rendered.content_type)


class ReportAnnexView(ReadPageMixin, View):
    """The figure forms ("biểu mẫu": totals and the per-unit annex) as an XLSX workbook."""

    def get(self, request, pk: int) -> HttpResponse:
        report = selectors.report_get(user=request.user, pk=pk)
        content = documents.annex_xlsx(report, user=request.user)
        return attachment(content, documents.annex_filename(report), XLSX_CONTENT_TYPE)
