"""Two real database connections save the same task at once: the later one is refused, nothing lost."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.db import connection, connections, transaction

from giaoban.core.services import EditConflict
from giaoban.tasks import services
from giaoban.tasks.models import ProgressUpdate, Task
from giaoban.tasks.tests.factories import make_task


def _needs_two_connections():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        ("file:memorydb", ":memory:")
    ):
        pytest.skip("in-memory SQLite is one connection; the PostgreSQL pass runs this")


def _race(first_write, second_write):
    """Run first_write in a transaction that stays open while second_write starts on another connection.

    The second blocks on the row lock, then sees the first's version: it must raise EditConflict.
    """
    first_holds_lock = threading.Event()
    outcome: dict[str, object] = {}

    def first():
        try:
            with transaction.atomic():
                first_write()
                first_holds_lock.set()
                time.sleep(0.5)  # the second writer is now waiting on the row lock
            outcome["first"] = "saved"
        finally:
            connections.close_all()

    def second():
        try:
            first_holds_lock.wait(5)
            started = time.monotonic()
            try:
                second_write()
                outcome["second"] = "saved"
            except EditConflict:
                outcome["second"] = "conflict"
            outcome["waited"] = time.monotonic() - started
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    return outcome


@pytest.mark.django_db(transaction=True)
def test_two_connections_editing_one_task(world):
    _needs_two_connections()
    task = make_task(world, deadline=dt.date(2017, 12, 31))
    outcome = _race(
        lambda: services.task_update(
            actor=None, task=task, expected_version=1, title="Bản của người thứ nhất"
        ),
        lambda: services.task_update(
            actor=None, task=task, expected_version=1, title="Bản của người thứ hai"
        ),
    )
    assert outcome["first"] == "saved"
    assert outcome["second"] == "conflict"
    assert outcome["waited"] >= 0.3  # it really waited for the first transaction
    saved = Task.objects.get(pk=task.pk)
    assert (saved.title, saved.version) == ("Bản của người thứ nhất", 2)


@pytest.mark.django_db(transaction=True)
def test_two_connections_editing_one_progress_update(world):
    _needs_two_connections()
    task = make_task(world, deadline=dt.date(2017, 12, 31))
    progress = services.progress_create(
        actor=world.officer, task=task, text="Bản đầu", percent=10, reported_on=dt.date(2017, 8, 1)
    )

    def edit(text):
        return lambda: services.progress_update(
            actor=world.officer,
            progress=progress,
            expected_version=1,
            text=text,
            percent=20,
            reported_on=dt.date(2017, 8, 1),
        )

    outcome = _race(edit("Sửa thứ nhất"), edit("Sửa thứ hai"))
    assert (outcome["first"], outcome["second"]) == ("saved", "conflict")
    assert ProgressUpdate.objects.get(pk=progress.pk).text == "Sửa thứ nhất"
