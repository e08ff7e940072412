"""An import preview keeps the uploaded sheet until it is confirmed or discarded; one never confirmed is
deleted after a day (the daily job, or `giaoban purge-staged-uploads`), and no backup carries it."""

from __future__ import annotations

import datetime as dt
import io
import os
import tarfile
import time
from pathlib import Path

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from giaoban.core.backup import backup_create
from giaoban.delegations import services
from giaoban.delegations.models import Delegation
from giaoban.delegations.tests.factories import DelegationFactory
from giaoban.delegations.views import IMPORT_SALT
from giaoban.delegations.xlsx import COLUMNS

pytestmark = pytest.mark.django_db

ROW = ["Đoàn ra", "Đoàn làm việc tại Quảng Tây", "Sở Ngoại vụ", "", "", 5, "Trung Quốc", "", "Hội đàm",
       "01/03/2017", "03/03/2017", "", ""]  # fmt: skip
PDF = b"%PDF-1.4\n%%EOF\n"


def media_files(settings) -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def preview(client_for, world) -> tuple[str, str]:
    """Upload a good sheet on the import page and stop at the preview: (the confirm token, the kept file)."""
    sheet = io.BytesIO()
    workbook = Workbook()
    for row in ([c.label for c in COLUMNS], ROW):
        workbook.worksheets[0].append(row)
    workbook.save(sheet)
    client = client_for(world.secretariat)
    response = client.post(
        reverse("delegations:delegation-import"), {"file": SimpleUploadedFile("doan.xlsx", sheet.getvalue())}
    )
    assert "Tệp có 1 đoàn hợp lệ" in response.content.decode()
    token = response.context["token"]
    return token, signing.loads(token, salt=IMPORT_SALT)["file"]


def test_an_unconfirmed_preview_is_deleted_after_a_day(client_for, world, settings):
    from giaoban.core.uploads import purge_staged

    token, kept = preview(client_for, world)
    report = DelegationFactory(lead_unit=world.unit, start_date=dt.date(2017, 3, 1))
    services.delegation_report_submit(
        actor=None, delegation=report, text="Báo cáo.", files=[SimpleUploadedFile("bc.pdf", PDF)]
    )
    assert kept in media_files(settings)
    now = timezone.now()

    assert purge_staged(now=now + dt.timedelta(hours=23)) == 0
    assert kept in media_files(settings)
    assert purge_staged(now=now + dt.timedelta(hours=25)) == 1
    assert kept not in media_files(settings)
    # Idempotent; and a record's files are never touched.
    assert purge_staged(now=now + dt.timedelta(hours=25)) == 0
    assert media_files(settings) == {report.report_files.get().file.name}

    # The forgotten preview can no longer be confirmed: nothing is imported.
    response = client_for(world.secretariat).post(reverse("delegations:delegation-import"), {"token": token})
    assert response.status_code == 403
    assert Delegation.objects.count() == 1


def _age(settings, name: str, hours: int) -> None:
    """Move the clock forward for this file: its modification time goes `hours` back."""
    path = Path(settings.MEDIA_ROOT) / name
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_the_command_purges_stale_previews(client_for, world, settings):
    _, old = preview(client_for, world)
    _, fresh = preview(client_for, world)
    _age(settings, old, 25)
    out = io.StringIO()
    call_command("purge-staged-uploads", stdout=out)
    assert "Đã xóa 1 tệp tạm" in out.getvalue()
    assert media_files(settings) == {fresh}
    out = io.StringIO()
    call_command("purge-staged-uploads", stdout=out)
    assert "Đã xóa 0 tệp tạm" in out.getvalue()


@pytest.mark.django_db(transaction=True)  # the backup copies the database from outside the test's transaction
def test_a_staged_preview_is_not_in_the_backup(client_for, world, settings, tmp_path):
    _, kept = preview(client_for, world)
    report = DelegationFactory(lead_unit=world.unit, start_date=dt.date(2017, 3, 1))
    services.delegation_report_submit(
        actor=None, delegation=report, text="Báo cáo.", files=[SimpleUploadedFile("bc.pdf", PDF)]
    )
    manifest = backup_create(tmp_path / "giaoban.tar.gz")
    with tarfile.open(tmp_path / "giaoban.tar.gz") as packed:
        names = set(packed.getnames())
    assert f"media/{report.report_files.get().file.name}" in names
    assert f"media/{kept}" not in names
    assert not [name for name in names if "staging" in name or name.endswith(".xlsx")]
    assert manifest["media_files"] == 1
