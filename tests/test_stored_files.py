"""Every kind of stored file comes back only through its permission-checked download view (#11 item 1).

For each kind: someone allowed gets it, as an attachment the browser may not sniff, byte for byte; an
officer of another unit gets 404 (the record's own visibility selector); a logged-out client is sent to
the login page (pages) or gets 401 (API). And no public /media/ URL serves anything, in any mode.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import Resolver404, clear_url_caches, resolve, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from giaoban.api.testing import bearer

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Stored:
    url: str
    stored_name: str  # the file's name in storage
    content: bytes  # what was stored (an image as re-encoded)
    content_type: str
    filename: str  # what the download is called


def _read(field_file) -> bytes:
    with field_file.open("rb") as handle:
        return handle.read()


def delegation_report_file(world) -> Stored:
    from giaoban.delegations import services
    from giaoban.delegations.tests.factories import DelegationFactory

    delegation = DelegationFactory(lead_unit=world.unit, start_date=dt.date(2017, 3, 1))
    services.delegation_report_submit(
        actor=world.officer,
        delegation=delegation,
        text="Báo cáo kết quả chuyến công tác.",
        files=[SimpleUploadedFile("Báo cáo.pdf", PDF)],
    )
    record = delegation.report_files.get()
    return Stored(record.get_absolute_url(), record.file.name, PDF, "application/pdf", "Báo cáo.pdf")


def meeting_photo(world) -> Stored:
    from giaoban.meetings import services
    from giaoban.meetings.demo import _hall
    from giaoban.meetings.models import MeetingFileKind
    from giaoban.meetings.tests.factories import make_meeting

    record = services.meeting_file_add(
        actor=world.secretariat,
        meeting=make_meeting(world),
        kind=MeetingFileKind.PHOTO,
        upload=SimpleUploadedFile("hoi-truong.png", _hall("audience")),
        caption="Toàn cảnh hội nghị",
    )
    return Stored(
        record.get_absolute_url(), record.file.name, _read(record.file), "image/png", "hoi-truong.png"
    )


def meeting_document(world) -> Stored:
    from giaoban.meetings import services
    from giaoban.meetings.models import MeetingFileKind
    from giaoban.meetings.tests.factories import make_meeting

    record = services.meeting_file_add(
        actor=world.secretariat,
        meeting=make_meeting(world),
        kind=MeetingFileKind.DOCUMENT,
        upload=SimpleUploadedFile("bao-cao-tham-luan.pdf", PDF),
        caption="Báo cáo tham luận",
    )
    return Stored(
        record.get_absolute_url(), record.file.name, PDF, "application/pdf", "bao-cao-tham-luan.pdf"
    )


def submission_file(world) -> Stored:
    from giaoban.reports import services
    from giaoban.reports.tests.factories import make_request

    submission = make_request(world, units=[world.unit]).submissions.get()
    record = services.submission_file_add(
        actor=world.officer, submission=submission, upload=SimpleUploadedFile("Phụ lục 1.pdf", PDF)
    )
    return Stored(record.get_absolute_url(), record.file.name, PDF, "application/pdf", "Phụ lục 1.pdf")


def _task(world):
    from giaoban.tasks.tests.factories import make_task

    today = timezone.localdate()
    return make_task(world, assigned_on=today - dt.timedelta(days=30), deadline=today + dt.timedelta(days=30))


def progress_attachment(world) -> Stored:
    from giaoban.tasks import services

    progress = services.progress_create(
        actor=world.officer,
        task=_task(world),
        text="Đã gửi văn bản hướng dẫn.",
        percent=40,
        attachment=SimpleUploadedFile("Văn bản hướng dẫn.pdf", PDF),
    )
    url = reverse("tasks:progress-attachment", args=[progress.pk])
    return Stored(url, progress.attachment.name, PDF, "application/pdf", "Văn_bản_hướng_dẫn.pdf")


def completion_evidence(world) -> Stored:
    from giaoban.tasks import services

    report = services.completion_report(
        actor=world.officer,
        task=_task(world),
        text="Đã hoàn thành.",
        evidence=SimpleUploadedFile("minh-chung.pdf", PDF),
    )
    url = reverse("tasks:completion-evidence", args=[report.pk])
    return Stored(url, report.evidence.name, PDF, "application/pdf", "minh-chung.pdf")


def api_progress_attachment(world) -> Stored:
    stored = progress_attachment(world)
    from giaoban.tasks.models import ProgressUpdate

    stored.url = f"/api/v1/progress/{ProgressUpdate.objects.get().pk}/attachment"
    return stored


def api_completion_evidence(world) -> Stored:
    stored = completion_evidence(world)
    from giaoban.tasks.models import CompletionReport

    stored.url = f"/api/v1/completions/{CompletionReport.objects.get().pk}/evidence"
    return stored


KINDS: list[Callable] = [
    delegation_report_file,
    meeting_photo,
    meeting_document,
    submission_file,
    progress_attachment,
    completion_evidence,
    api_progress_attachment,
    api_completion_evidence,
]


def _get(client, url: str, user=None):
    if url.startswith("/api/"):
        return client.get(url, headers=bearer(user) if user else {})
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize("make", KINDS, ids=lambda make: make.__name__)
def test_each_kind_of_stored_file_comes_back_only_through_its_checked_view(client, world, make):
    stored = make(world)
    assert not stored.url.startswith("/media/")

    logged_out = _get(client, stored.url)
    if stored.url.startswith("/api/"):
        assert logged_out.status_code == 401
    else:
        assert logged_out.status_code == 302 and logged_out.url.startswith(reverse("login"))

    response = _get(client, stored.url, world.officer)
    assert response.status_code == 200, response.content[:300]
    assert b"".join(response.streaming_content) == stored.content
    assert response["Content-Type"] == stored.content_type
    assert response["Content-Disposition"] == content_disposition_header(True, stored.filename)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"

    client.logout()
    assert _get(client, stored.url, world.other_officer).status_code == 404

    # The stored name under MEDIA_ROOT is no URL of the app.
    assert client.get(f"/media/{stored.stored_name}").status_code == 404


def test_the_api_points_at_the_checked_download_not_at_media(client, world):
    stored = progress_attachment(world)
    from giaoban.tasks.models import CompletionReport, ProgressUpdate

    completion_evidence(world)
    progress = ProgressUpdate.objects.get()
    listed = client.get(f"/api/v1/progress/{progress.pk}", headers=bearer(world.officer)).json()
    assert listed["attachment"] == f"/api/v1/progress/{progress.pk}/attachment"
    report = CompletionReport.objects.get()
    completion = client.get(f"/api/v1/tasks/{report.task_id}", headers=bearer(world.officer)).json()
    assert stored.stored_name not in str(completion)


def test_the_task_pages_link_the_checked_downloads(client_for, world):
    progress_attachment(world)
    completion = completion_evidence(world)
    from giaoban.tasks.models import CompletionReport, ProgressUpdate

    progress = ProgressUpdate.objects.get()
    html = client_for(world.officer).get(progress.task.get_absolute_url()).content.decode()
    assert reverse("tasks:progress-attachment", args=[progress.pk]) in html
    assert "/media/" not in html
    report = CompletionReport.objects.get()
    page = client_for(world.secretariat).get(reverse("tasks:completion-decide", args=[report.pk]))
    html = page.content.decode()
    assert completion.url in html and "minh-chung.pdf" in html
    assert "/media/" not in html and "tasks/completion/" not in html


@pytest.mark.parametrize("debug", [True, False])
def test_no_public_media_route_in_any_mode(debug, settings):
    """`make run` (DEBUG) once served MEDIA_ROOT to anyone at /media/: the URLconf has no such route."""
    import config.urls

    try:
        with override_settings(DEBUG=debug):
            clear_url_caches()
            urls = importlib.reload(config.urls)
            with pytest.raises(Resolver404):
                resolve(f"{settings.MEDIA_URL}delegations/2017/bao-cao.pdf", urlconf=urls)
    finally:
        clear_url_caches()
        importlib.reload(config.urls)
