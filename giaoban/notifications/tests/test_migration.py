"""The notifications left the tasks app with their rows: migrating back and forth keeps them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("tasks", "0003_deadline_wording")]


@pytest.mark.django_db(transaction=True)
def test_existing_notifications_and_reminders_survive_the_move():
    executor = MigrationExecutor(connection)
    executor.migrate([("notifications", None)])  # back to before the move (tasks 0004 unapplied too)
    others = [
        node for node in executor.loader.graph.leaf_nodes() if node[0] not in ("tasks", "notifications")
    ]
    old = executor.loader.project_state([*others, *BEFORE]).apps
    user = old.get_model("org", "User").objects.create(username="cu", role="unit_officer")
    committee = old.get_model("org", "Committee").objects.create(name="Ban Chỉ đạo cũ", short_name="BCĐ cũ")
    unit = old.get_model("org", "Organisation").objects.create(name="Sở cũ", kind="department")
    task = old.get_model("tasks", "Task").objects.create(
        code="NV-2017-001",
        year=2017,
        number=1,
        title="Nhiệm vụ cũ",
        committee=committee,
        lead_unit=unit,
        assigned_on="2017-07-26",
        deadline="2017-09-30",
        deadline_in_force="2017-09-30",
    )
    note = old.get_model("tasks", "Notification").objects.create(
        recipient=user, task=task, kind="reminder_due", on_date="2017-09-30", days=0
    )
    old.get_model("tasks", "Reminder").objects.create(
        task=task, kind="due", due_on="2017-09-30", recipient=user, deadline="2017-09-30", notification=note
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from giaoban.notifications.messages import notification_text
    from giaoban.notifications.models import Notification
    from giaoban.tasks.models import Reminder

    moved = Notification.objects.select_related("task", "committee", "unit").get(pk=note.pk)
    assert moved.recipient_id == user.pk and moved.task_id == task.pk and not moved.digest_pending
    assert (
        notification_text(moved)
        == "Hôm nay (30/9/2017) là hạn hoàn thành nhiệm vụ NV-2017-001 “Nhiệm vụ cũ”."
    )
    assert Reminder.objects.get(task_id=task.pk).notification_id == note.pk
