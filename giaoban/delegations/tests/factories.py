"""Factories for delegations, built through the services so invariants and history hold."""

from __future__ import annotations

import datetime as dt

import factory

from giaoban.delegations import services
from giaoban.delegations.models import Delegation, Direction, Purpose, Status
from giaoban.org.tests.factories import OrganisationFactory


class DelegationFactory(factory.django.DjangoModelFactory):
    """`DelegationFactory(lead_unit=unit, countries=["CN"], start_date=...)`; status via `status=`.

    `status=Status.REPORTED` submits a report, `status=Status.CANCELLED` cancels with a reason.
    """

    class Meta:
        model = Delegation

    direction = Direction.OUTBOUND
    name = factory.Sequence(lambda n: f"Đoàn công tác thử nghiệm {n}")
    lead_unit = factory.SubFactory(OrganisationFactory)
    head_name = "Nguyễn Văn Trưởng"
    head_title = "Phó Giám đốc"
    member_count = 5
    countries = factory.LazyFunction(lambda: ["CN"])
    purposes = factory.LazyFunction(lambda: [Purpose.WORK])
    start_date = dt.date(2017, 3, 1)
    end_date = factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=3))
    status = Status.APPROVED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        status = kwargs.pop("status")
        actor = kwargs.pop("actor", None)
        initial = status if status in services.INITIAL_STATUSES else Status.RETURNED
        if status == Status.CANCELLED:
            initial = Status.PLANNED
        delegation = services.delegation_create(actor=actor, status=initial, **kwargs)
        if status == Status.REPORTED:
            delegation = services.delegation_report_submit(
                actor=actor,
                delegation=delegation,
                text="Đoàn đã hoàn thành chương trình công tác.",
                report_date=delegation.end_date + dt.timedelta(days=5),
            )
        elif status == Status.CANCELLED:
            delegation = services.delegation_transition(
                actor=actor,
                delegation=delegation,
                status=Status.CANCELLED,
                reason="Đối tác hoãn chương trình.",
            )
        return delegation
