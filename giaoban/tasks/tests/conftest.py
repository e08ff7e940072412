"""Shared by the tasks tests."""

from __future__ import annotations

import pytest
from django.utils import timezone


@pytest.fixture(autouse=True)
def _today_of_the_test(request):
    """Modules that keep `TODAY` as a constant read it afresh for each test: a run crossing midnight in
    Hanoi (17:00 UTC) would otherwise compare yesterday's date with the services' today."""
    if hasattr(request.module, "TODAY"):
        request.module.TODAY = timezone.localdate()
