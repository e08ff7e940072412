"""The committee report's raw material for a period: the system's figures and their sentences, the
indicator totals over the accepted submissions with each unit's values (the annex), and the units'
texts gathered under each section of the outline, for the secretariat to edit into the final text.

A fixed number of queries whatever the number of units: the values and texts of every accepted
submission are read in one query each and added up here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count

from giaoban.core.vietnamese import collation_key, format_number
from giaoban.org.models import Organisation
from giaoban.tasks.stats import stats_sentence

from .indicators import COMPUTED, ComputedFigures, computed_figures
from .models import (
    CommitteeReport,
    Indicator,
    IndicatorValue,
    ReportingPeriod,
    ReportRequest,
    SectionFigures,
    SectionText,
    Submission,
    SubmissionState,
    TemplateSection,
    ValueType,
)


def meetings_sentence(held: int | None) -> str:
    """The meetings sentence of the report (document text, always Vietnamese)."""
    if not held:
        return "Trong kỳ, Ban Chỉ đạo chưa tổ chức hội nghị, cuộc họp nào."
    return f"Trong kỳ, Ban Chỉ đạo đã tổ chức {format_number(held)} hội nghị, cuộc họp."


@dataclass
class IndicatorTotal:
    indicator: Indicator
    total: Decimal | None
    by_unit: dict[int, Decimal] = field(default_factory=dict)

    @property
    def is_computed(self) -> bool:
        return self.indicator.is_computed


@dataclass
class SectionDraft:
    section: TemplateSection
    figures: str  # the system's sentence opening the section ("" if none)
    contributions: list[tuple[Organisation, str]]

    def draft_text(self) -> str:
        """The section's starting text: the system's sentence, then each unit's text after its name."""
        paragraphs = [self.figures] if self.figures else []
        for unit, text in self.contributions:
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            if lines:
                paragraphs.append(f"- {unit.name}: {lines[0]}")
                paragraphs.extend(lines[1:])
        return "\n".join(paragraphs)


@dataclass
class Aggregate:
    period: ReportingPeriod
    request: ReportRequest | None
    figures: ComputedFigures
    units: list[Organisation]  # the units whose submissions were accepted, in Vietnamese order
    indicators: list[IndicatorTotal]
    sections: list[SectionDraft]
    submissions: dict[str, int]  # counts by state
    frozen: dict[str, Any] | None = None  # the figures as a leader approved them (see freeze)

    @property
    def delegations_sentence(self) -> str:
        if self.frozen is not None:
            return self.frozen["figures"]["delegations"]["sentence"]
        return self.figures.delegations.sentence

    @property
    def tasks_sentence(self) -> str:
        if self.frozen is not None:
            return self.frozen["figures"]["tasks"]["sentence"]
        return stats_sentence(self.figures.tasks)

    @property
    def meetings_sentence(self) -> str:
        return meetings_sentence(self.figures.meetings_held)

    def figures_sentence(self, kind: str) -> str:
        if kind == SectionFigures.DELEGATIONS:
            return self.delegations_sentence
        if kind == SectionFigures.TASKS:
            return self.tasks_sentence
        if kind == SectionFigures.MEETINGS:
            return self.meetings_sentence
        return ""

    def draft_sections(self) -> list[dict[str, str]]:
        return [{"heading": draft.section.heading, "text": draft.draft_text()} for draft in self.sections]

    def snapshot(self) -> dict[str, Any]:
        """The figures, the units and every value of the annex as plain JSON, kept when a leader approves
        the report so that its documents keep saying what was approved."""
        return {
            "figures": self.figures_dict(),
            "units": [[unit.pk, unit.name] for unit in self.units],
            "totals": {str(row.indicator.pk): _text(row.total) for row in self.indicators},
            "values": {
                str(row.indicator.pk): {str(unit_id): _text(value) for unit_id, value in row.by_unit.items()}
                for row in self.indicators
            },
        }

    def freeze(self, snapshot: dict[str, Any]) -> None:
        """Put back the approved figures, units and values in place of today's."""
        self.frozen = snapshot
        self.units = [Organisation(pk=pk, name=name) for pk, name in snapshot["units"]]
        for row in self.indicators:
            key = str(row.indicator.pk)
            row.total = _decimal(snapshot["totals"].get(key))
            row.by_unit = {
                int(unit): Decimal(value) for unit, value in snapshot["values"].get(key, {}).items()
            }

    def figures_dict(self) -> dict[str, Any]:
        """The figures as plain JSON: kept with each version and answered by the API."""
        if self.frozen is not None:
            return self.frozen["figures"]
        tasks = self.figures.tasks
        return {
            "period": {
                "id": self.period.pk,
                "name": self.period.name,
                "start": self.period.start_date.isoformat(),
                "end": self.period.end_date.isoformat(),
            },
            "delegations": {
                "outbound": self.figures.delegations.outbound.delegations,
                "outbound_countries": self.figures.delegations.outbound.countries,
                "inbound": self.figures.delegations.inbound.delegations,
                "inbound_countries": self.figures.delegations.inbound.countries,
                "sentence": self.delegations_sentence,
            },
            "tasks": {**tasks.counts(), "total": tasks.total, "sentence": self.tasks_sentence},
            "meetings_held": self.figures.meetings_held,
            "submissions": self.submissions,
            "indicators": [
                {
                    "id": row.indicator.pk,
                    "name": row.indicator.name,
                    "unit_of_measure": row.indicator.unit_of_measure,
                    "source": row.indicator.source,
                    "total": _plain(row.total, row.indicator),
                }
                for row in self.indicators
            ],
        }

    def annex_rows(self) -> list[tuple[Organisation, list[Decimal | None]]]:
        """One row per unit with an accepted submission: its value of each indicator."""
        return [(unit, [row.by_unit.get(unit.pk) for row in self.indicators]) for unit in self.units]


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _plain(value: Decimal | None, indicator: Indicator) -> int | float | None:
    if value is None:
        return None
    return int(value) if indicator.value_type == ValueType.INTEGER else float(value)


def build_aggregate(*, user: Any, period: ReportingPeriod, request: ReportRequest | None) -> Aggregate:
    """The aggregate of a period for the committee of `period`; `request` gives the outline and the
    submissions (without one, only the system's figures). The caller has checked that `user` may read
    the report; the figures are the committee's whatever the reader's own scope."""
    committee = period.committee
    template_id = request.template_id if request else None
    sections = list(TemplateSection.objects.filter(template=template_id).order_by("position", "pk"))
    indicators = list(Indicator.objects.filter(template=template_id).order_by("position", "pk"))
    accepted = Submission.objects.filter(request=request, state=SubmissionState.ACCEPTED)
    counts: dict[str, int] = {state.value: 0 for state in SubmissionState}
    if request is not None:
        for state, count in (
            Submission.objects.filter(request=request).values_list("state").annotate(n=Count("*")).order_by()
        ):
            counts[state] = count
    units = (
        sorted(
            Organisation.objects.filter(pk__in=accepted.values("unit")).only("id", "name", "short_name"),
            key=lambda unit: collation_key(unit.name),
        )
        if request is not None
        else []
    )
    unit_ids = {unit.pk for unit in units}
    figures = computed_figures(committee=committee, start=period.start_date, end=period.end_date)

    entered: dict[int, dict[int, Decimal]] = defaultdict(dict)
    if request is not None:
        # Filtered through the request, not `submission__in`: PostgreSQL then walks the request's
        # index instead of scanning every submission of every period (bench/report_aggregate.py).
        for indicator_id, unit_id, value in IndicatorValue.objects.filter(
            submission__request=request, submission__state=SubmissionState.ACCEPTED, value__isnull=False
        ).values_list("indicator_id", "submission__unit_id", "value"):
            entered[indicator_id][unit_id] = value
    totals = []
    for indicator in indicators:
        if indicator.is_computed and indicator.source in COMPUTED:
            by_unit = {
                unit_id: values[indicator.source]
                for unit_id, values in figures.by_unit.items()
                if unit_id in unit_ids and indicator.source in values
            }
            totals.append(IndicatorTotal(indicator, figures.totals.get(indicator.source), by_unit))
        else:
            by_unit = entered.get(indicator.pk, {})
            # Blank when no unit gave the figure, as each unit's blank cell: 0 only when someone typed it.
            total = sum(by_unit.values(), Decimal(0)) if by_unit else None
            totals.append(IndicatorTotal(indicator, total, by_unit))

    texts: dict[int, dict[int, str]] = defaultdict(dict)
    if request is not None:
        for section_id, unit_id, text in (
            SectionText.objects.filter(
                submission__request=request, submission__state=SubmissionState.ACCEPTED
            )
            .exclude(text="")
            .values_list("section_id", "submission__unit_id", "text")
        ):
            texts[section_id][unit_id] = text
    drafts = []
    aggregate = Aggregate(
        period=period,
        request=request,
        figures=figures,
        units=units,
        indicators=totals,
        sections=drafts,
        submissions=counts,
    )
    for section in sections:
        by_unit = texts.get(section.pk, {})
        drafts.append(
            SectionDraft(
                section=section,
                figures=aggregate.figures_sentence(section.figures),
                contributions=[(unit, by_unit[unit.pk]) for unit in units if unit.pk in by_unit],
            )
        )
    return aggregate


def report_aggregate(*, user: Any, report: CommitteeReport) -> Aggregate:
    """The report's aggregate: today's, or for an approved report the figures as approved."""
    aggregate = build_aggregate(user=user, period=report.period, request=report.request)
    if report.is_approved and report.approved_figures:
        aggregate.freeze(report.approved_figures)
    return aggregate


def full_text(sections: list[dict[str, str]]) -> str:
    """A version's sections as one plain text: headings on their own lines, a blank line between."""
    parts = []
    for section in sections:
        heading = (section.get("heading") or "").strip()
        text = (section.get("text") or "").strip()
        parts.append("\n".join(part for part in (heading, text) if part))
    return "\n\n".join(part for part in parts if part)
