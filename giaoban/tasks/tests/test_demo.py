"""The tasks of the demo world: the 13 key tasks of 26/7/2017, every class present as of 31/12/2017."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from giaoban.org.models import User
from giaoban.tasks.models import ExtensionRequest, ProgressUpdate, Task, TaskStatus
from giaoban.tasks.stats import stats_range, stats_sentence, task_stats
from giaoban.tasks.status import task_status

pytestmark = pytest.mark.django_db

YEAR_2017 = (dt.date(2017, 1, 1), dt.date(2017, 12, 31))


@pytest.fixture
def demo(db, demo_data):
    """The demo, loaded once for the module (conftest.py)."""


def _counts():
    return [Task.objects.count(), ProgressUpdate.objects.count(), ExtensionRequest.objects.count()]


def test_demo_twice_creates_no_new_tasks(demo):
    first = _counts()
    call_command("demo", stdout=io.StringIO())
    assert _counts() == first


def test_the_13_key_tasks_of_the_briefing(demo):
    key = Task.objects.filter(source_number="125-TB/BCĐ").order_by("source_item")
    assert [task.source_item for task in key] == list(range(1, 14))
    assert {task.code for task in key} == {f"NV-2017-{n:03d}" for n in range(1, 14)}
    secretariat = User.objects.get(username="thuky")
    committee = key[0].committee
    period = stats_range(*YEAR_2017)
    key_only = task_stats(user=secretariat, period=period, where=Q(source_number="125-TB/BCĐ"))
    assert stats_sentence(key_only, "nhiệm vụ trọng tâm") == (
        "Trong 13 nhiệm vụ trọng tâm, đã hoàn thành 7 nhiệm vụ (6 đúng hạn, 1 quá hạn); 5 nhiệm vụ chưa "
        "hoàn thành (4 trong hạn, 1 quá hạn); 1 nhiệm vụ thường xuyên."
    )
    assert key_only.extended == 1
    whole = task_stats(user=secretariat, period=period, committee=committee.pk)
    assert stats_sentence(whole) == (
        "Trong 14 nhiệm vụ, đã hoàn thành 8 nhiệm vụ (7 đúng hạn, 1 quá hạn); 5 nhiệm vụ chưa hoàn thành "
        "(4 trong hạn, 1 quá hạn); 1 nhiệm vụ thường xuyên. Ngoài ra, 1 nhiệm vụ dừng thực hiện không tính "
        "vào kết quả."
    )


def test_every_class_is_present_as_of_31_12_2017_and_the_picture_differs_today(demo):
    end_2017 = dt.date(2017, 12, 31)
    tasks = list(Task.objects.prefetch_related("extensions"))
    classes_2017 = {task_status(task, end_2017) for task in tasks}
    assert classes_2017 == set(TaskStatus)
    assert any(task.extension_count for task in tasks)
    today = timezone.localdate()
    changed = [task for task in tasks if task_status(task, end_2017) != task_status(task, today)]
    assert len(changed) >= 4
