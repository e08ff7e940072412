"""Files uploaded with tasks (progress attachments, completion evidence, the bulk progress sheet) are
checked by their content like every upload (giaoban.core.uploads): a page or script under any name is
refused in Vietnamese, naming the field, and nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from giaoban.tasks import services
from giaoban.tasks.models import CompletionReport, ProgressUpdate
from giaoban.tasks.tests.factories import make_task

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PAGE = b"<html><script>fetch('/api/v1/tasks').then(r => r.text()).then(alert)</script></html>"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ANY_KIND = "Không nhận loại tệp này. Chỉ nhận tệp PDF, DOCX, XLSX, PNG, JPEG."
XLSX_ONLY = "Không nhận loại tệp này. Chỉ nhận tệp XLSX."


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _task(world):
    return make_task(world, assigned_on=TODAY - dt.timedelta(days=30), deadline=TODAY + dt.timedelta(days=30))


def _post_progress(client, task, upload):
    return client.post(
        reverse("tasks:progress-create", args=[task.pk]),
        {"reported_on": TODAY.isoformat(), "percent": 20, "text": "Đã triển khai.", "attachment": upload},
    )


def _field_errors(response, field: str) -> list[str]:
    assert response.status_code == 200, response.status_code
    return list(response.context["form"].errors.get(field, []))


@pytest.mark.parametrize("name", ["trang.html", "bao-cao.pdf", "script.js", "anh.svg"])
def test_a_page_as_progress_attachment_is_refused_on_the_page(world, client_for, name):
    response = _post_progress(client_for(world.officer), _task(world), SimpleUploadedFile(name, PAGE))
    assert _field_errors(response, "attachment") == [ANY_KIND]
    assert not ProgressUpdate.objects.exists()


def test_a_page_as_progress_attachment_is_refused_when_a_progress_update_is_corrected(world, client_for):
    task = _task(world)
    progress = services.progress_create(actor=world.officer, task=task, text="Đã triển khai.", percent=10)
    response = client_for(world.officer).post(
        reverse("tasks:progress-update", args=[progress.pk]),
        {
            "reported_on": TODAY.isoformat(),
            "percent": 20,
            "text": "Đã triển khai.",
            "version": progress.version,
            "attachment": SimpleUploadedFile("trang.html", PAGE),
        },
    )
    assert _field_errors(response, "attachment") == [ANY_KIND]
    progress.refresh_from_db()
    assert (progress.percent, progress.attachment.name, progress.version) == (10, "", 1)


def test_a_page_as_completion_evidence_is_refused_on_the_page(world, client_for):
    task = _task(world)
    response = client_for(world.officer).post(
        reverse("tasks:completion-create", args=[task.pk]),
        {
            "reported_on": TODAY.isoformat(),
            "text": "Đã hoàn thành.",
            "evidence": SimpleUploadedFile("minh-chung.html", PAGE),
        },
    )
    assert _field_errors(response, "evidence") == [ANY_KIND]
    assert not CompletionReport.objects.exists()


def test_the_services_check_files_whoever_calls_them(world):
    """The services are the door for every caller (pages, API, imports): they check the file themselves."""
    task = _task(world)
    with pytest.raises(ValidationError) as refused:
        services.progress_create(
            actor=world.officer,
            task=task,
            text="Đã triển khai.",
            percent=10,
            attachment=SimpleUploadedFile("trang.html", PAGE),
        )
    assert refused.value.message_dict == {"attachment": [ANY_KIND]}
    with pytest.raises(ValidationError) as refused:
        services.completion_report(
            actor=world.officer, task=task, text="Xong.", evidence=SimpleUploadedFile("a.html", PAGE)
        )
    assert refused.value.message_dict == {"evidence": [ANY_KIND]}
    assert not ProgressUpdate.objects.exists() and not CompletionReport.objects.exists()


def test_a_pdf_under_another_name_is_kept_as_a_pdf(world, client_for):
    upload = SimpleUploadedFile("Báo cáo tiến độ.html", PDF, content_type="text/html")
    response = _post_progress(client_for(world.officer), _task(world), upload)
    assert response.status_code == 302
    stored = ProgressUpdate.objects.get().attachment
    assert stored.name.endswith(".pdf") and stored.name.startswith("tasks/progress/")
    with stored.open("rb") as handle:
        assert handle.read() == PDF


def test_the_bulk_sheet_must_be_a_real_xlsx(world, client_for):
    _task(world)
    response = client_for(world.officer).post(
        reverse("tasks:bulk-upload"), {"file": SimpleUploadedFile("cap-nhat.xlsx", PAGE)}
    )
    assert response.status_code == 200
    assert list(response.context["upload_form"].errors["file"]) == [XLSX_ONLY]
    assert not ProgressUpdate.objects.exists()
