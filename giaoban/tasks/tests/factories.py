"""Factories for the tasks app: every object is made through the services, so invariants hold."""

from __future__ import annotations

import datetime as dt

import factory

from giaoban.tasks import services
from giaoban.tasks.models import Task


class TaskFactory(factory.django.DjangoModelFactory):
    """A task of `committee` led by `lead_unit` (both required), with a deadline by default."""

    class Meta:
        model = Task

    title = factory.Sequence(lambda n: f"Nhiệm vụ thử nghiệm {n}")
    assigned_on = dt.date(2017, 7, 26)
    deadline = dt.date(2017, 12, 31)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if kwargs.get("recurring"):
            kwargs["deadline"] = None
        return services.task_create(actor=kwargs.pop("actor", None), **kwargs)


def make_task(world, **kwargs) -> Task:
    """A task of the world's committee led by the world's unit (Sở Ngoại vụ)."""
    kwargs.setdefault("committee", world.committee)
    kwargs.setdefault("lead_unit", world.unit)
    return TaskFactory(**kwargs)


def complete(task: Task, *, officer, secretariat, on: dt.date, decided_on: dt.date | None = None) -> Task:
    """Report and confirm completion on a date, as the lead unit and the secretariat would."""
    report = services.completion_report(actor=officer, task=task, text="Đã hoàn thành.", reported_on=on)
    return services.completion_confirm(actor=secretariat, report=report, decided_on=decided_on or on)


def extend(
    task: Task, *, officer, secretariat, new_deadline: dt.date, requested_on: dt.date, decided_on: dt.date
) -> Task:
    """Request and approve an extension with the given dates."""
    extension = services.extension_request(
        actor=officer,
        task=task,
        new_deadline=new_deadline,
        reason="Cần thêm thời gian.",
        requested_on=requested_on,
    )
    return services.extension_approve(actor=secretariat, extension=extension, decided_on=decided_on)
