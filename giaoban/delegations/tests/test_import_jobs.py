"""Large imports run in the task worker (immediate backend here): a job, its progress, its result (#11, 4)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from giaoban.api.testing import bearer
from giaoban.delegations import services
from giaoban.delegations.models import Delegation, ImportJob, ImportJobState
from giaoban.delegations.tests.test_import import fill
from giaoban.delegations.xlsx import COLUMNS

pytestmark = pytest.mark.django_db


def _row(day: int, unit: str = "Sở Ngoại vụ", count: object = 5) -> list:
    return ["Đoàn ra", f"Đoàn công tác ngày {day}/3", unit, "", "", count, "Trung Quốc", "", "Hội đàm",
            f"{day:02d}/03/2017", f"{day:02d}/03/2017", "", ""]  # fmt: skip


def _sheet(rows: list[list]) -> io.BytesIO:
    output = fill(Workbook(), [[column.label for column in COLUMNS], *rows])
    output.name = "doan-lon.xlsx"
    return output


@pytest.fixture(autouse=True)
def small_threshold(settings):
    """Three rows are "large" here, so a job is what a 100,000-row sheet gets in production."""
    settings.DELEGATION_IMPORT_SYNC_MAX_ROWS = 3


def test_a_large_sheet_on_the_page_is_checked_by_a_job_then_imported_on_confirmation(world, client_for):
    client = client_for(world.secretariat)
    response = client.post(
        reverse("delegations:delegation-import"), {"file": _sheet([_row(d) for d in range(1, 6)])}
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.state, job.dry_run, job.rows_checked, job.rows_estimated, job.error_count) == (
        ImportJobState.DONE,
        True,
        5,
        6,
        0,
    )
    assert not Delegation.objects.exists()
    page = client.get(job.get_absolute_url())
    html = page.content.decode()
    assert "Tệp có 5 đoàn hợp lệ, chưa có gì được ghi." in html and "Đoàn công tác ngày 3/3" in html
    assert "data-import-job-running" not in html and "delegations/import-job.js" in html
    assert f'action="{job.get_absolute_url()}"' in html

    confirmed = client.post(job.get_absolute_url())
    follow = ImportJob.objects.exclude(pk=job.pk).get()
    assert confirmed["Location"] == follow.get_absolute_url()
    assert (follow.state, follow.dry_run, follow.created) == (ImportJobState.DONE, False, 5)
    assert Delegation.objects.count() == 5
    assert "Đã nhập 5 đoàn từ tệp “doan-lon.xlsx”." in client.get(follow.get_absolute_url()).content.decode()
    again = client.post(job.get_absolute_url())  # the kept file went to the import: once only
    assert again.status_code == 302 and ImportJob.objects.count() == 2 and Delegation.objects.count() == 5


def test_a_job_lists_every_error_by_row_and_imports_nothing(world, client, client_for):
    rows = [_row(1), _row(2, unit="Sở Không Có"), _row(3), _row(4, count="năm"), _row(5)]
    response = client.post(
        "/api/v1/delegations/import",
        {"file": _sheet(rows), "dry_run": "false"},
        headers=bearer(world.secretariat),
    )
    assert response.status_code == 202
    body = response.json()
    assert body["state"] == "done" and body["finished"] and not body["ok"] and not body["dry_run"]
    assert body["url"] == f"/api/v1/delegations/import-jobs/{body['id']}"
    status = client.get(body["url"], headers=bearer(world.secretariat)).json()
    assert status["error_count"] == 2 and status["created"] == 0 and status["rows_checked"] == 5
    assert [(e["loc"], e["code"]) for e in status["errors"]] == [
        (["file", 3, "Đơn vị chủ trì"], "unknown_unit"),
        (["file", 5, "Số thành viên"], "not_a_number"),
    ]
    assert not Delegation.objects.exists()
    page_client = client_for(world.secretariat)
    html = page_client.get(body["page_url"]).content.decode()
    assert "Có 2 lỗi." in html and "Sở Không Có" in html and "năm" in html
    download = page_client.get(reverse("delegations:import-job-errors", args=[body["id"]]))
    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert download["Content-Disposition"].startswith("attachment")
    assert 'id="import-errors-download"' in html
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert [row[:2] for row in sheet.iter_rows(min_row=4, values_only=True)] == [
        (3, "Đơn vị chủ trì"),
        (5, "Số thành viên"),
    ]


def test_an_api_job_imports_and_only_its_uploader_sees_it(world, client):
    response = client.post(
        "/api/v1/delegations/import",
        {"file": _sheet([_row(d) for d in range(1, 5)]), "dry_run": "false"},
        headers=bearer(world.secretariat),
    )
    assert response.status_code == 202
    body = response.json()
    assert (body["ok"], body["created"], body["percent"], body["errors"]) == (True, 4, 100, [])
    assert Delegation.objects.count() == 4
    assert client.get(body["url"], headers=bearer(world.officer)).status_code == 404
    client.force_login(world.officer)
    assert client.get(body["page_url"]).status_code == 404


def test_progress_is_saved_chunk_by_chunk_and_shown_while_the_job_runs(world, client_for, monkeypatch):
    from giaoban.delegations import imports

    monkeypatch.setattr(imports, "CHUNK_SIZE", 2)
    seen: list[tuple[str, int]] = []
    real_save = services._job_save

    def save(job, result, **fields):
        real_save(job, result, **fields)
        # Read back through the database, as the status page in another process would.
        stored = ImportJob.objects.get(pk=job.pk)
        seen.append((stored.state, stored.rows_checked))

    monkeypatch.setattr(services, "_job_save", save)
    upload = SimpleUploadedFile("doan-lon.xlsx", _sheet([_row(d) for d in range(1, 8)]).getvalue())
    job = services.delegation_import_job_start(actor=world.secretariat, upload=upload, dry_run=False)
    assert seen == [
        ("checking", 0), ("checking", 2), ("checking", 4), ("checking", 6), ("checking", 7),
        ("writing", 7), ("done", 7),
    ]  # fmt: skip
    assert job.created == 7

    running = ImportJob.objects.create(
        created_by=world.secretariat, source_name="lon.xlsx", state=ImportJobState.CHECKING,
        rows_estimated=100_001, rows_checked=40_000,
    )  # fmt: skip
    html = client_for(world.secretariat).get(running.get_absolute_url()).content.decode()
    assert 'data-import-job-running="checking"' in html
    assert '<progress class="w-100" max="100" value="39"' in html
    assert "Đã kiểm tra 40.000 / khoảng 100.001 dòng." in html
    api = client_for(world.secretariat).get(
        f"/api/v1/delegations/import-jobs/{running.pk}", headers=bearer(world.secretariat)
    )
    assert (api.json()["state"], api.json()["percent"], api.json()["finished"]) == ("checking", 39, False)


def test_a_small_sheet_still_goes_through_the_request(world, client_for):
    response = client_for(world.secretariat).post(
        reverse("delegations:delegation-import"), {"file": _sheet([_row(1), _row(2)])}
    )
    assert response.status_code == 200 and response.context["token"]
    assert not ImportJob.objects.exists()
