"""The history table writes values as the pages do: dates dd/mm/yyyy, numbers with Vietnamese separators."""

from __future__ import annotations

import datetime as dt

import pytest

from giaoban.core.audit import history_entries
from giaoban.org.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_changed_date_reads_dd_mm_yyyy_in_the_history():
    unit = OrganisationFactory(name="Sở Ngoại vụ", start_date=dt.date(2008, 4, 1))
    unit.start_date = dt.date(2025, 7, 1)
    unit.save()
    change = next(c for c in history_entries(unit)[0]["changes"] if c["field"] == "hoạt động từ ngày")
    assert (change["old"], change["new"]) == ("01/04/2008", "01/07/2025")
