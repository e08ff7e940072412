"""task_link_source: a task entered by hand is linked to the record that assigned it, nothing else moves."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from giaoban.core.services import EditConflict
from giaoban.tasks import services
from giaoban.tasks.tests.factories import make_task

pytestmark = pytest.mark.django_db


def test_linking_names_the_source_and_keeps_progress(world):
    task = make_task(world)
    services.progress_create(actor=None, task=task, unit=world.unit, text="Đang làm.", percent=30)
    task.refresh_from_db()
    linked = services.task_link_source(
        actor=world.secretariat,
        task=task,
        source_kind="meetings.conclusion",
        source_id=7,
        expected_version=task.version,
    )
    assert (linked.source_kind, linked.source_id) == ("meetings.conclusion", 7)
    assert (linked.percent, linked.code, linked.version) == (30, task.code, task.version + 1)
    assert linked.history.latest().history_user == world.secretariat


def test_linking_again_to_the_same_source_changes_nothing(world):
    task = services.task_link_source(
        actor=None, task=make_task(world), source_kind="meetings.conclusion", source_id=7
    )
    again = services.task_link_source(actor=None, task=task, source_kind="meetings.conclusion", source_id=7)
    assert again.version == task.version


def test_a_task_linked_elsewhere_or_stale_is_refused(world):
    task = services.task_link_source(
        actor=None, task=make_task(world), source_kind="meetings.conclusion", source_id=7
    )
    with pytest.raises(ValidationError) as error:
        services.task_link_source(actor=None, task=task, source_kind="meetings.conclusion", source_id=8)
    assert error.value.messages == [str(services.SOURCE_ALREADY_LINKED)]
    with pytest.raises(EditConflict):
        services.task_link_source(
            actor=None, task=make_task(world), source_kind="x", source_id=1, expected_version=99
        )
