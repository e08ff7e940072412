"""Uploads are judged by content, capped in size, renamed to their real type; downloads are inert attachments."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from giaoban.core import uploads
from giaoban.core.uploads import (
    DOCUMENT_KINDS,
    DOCX,
    JPEG,
    PDF,
    PNG,
    XLSX,
    CheckedFileField,
    check_upload,
    download_response,
    sniff,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def png_bytes() -> bytes:
    """A real 1×1 PNG, written by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Báo cáo kết quả công tác thông tin đối ngoại")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Đoàn ra"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def zip_bytes(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PDF_BYTES, PDF),
        (JPEG_BYTES, JPEG),
        (png_bytes(), PNG),
        (docx_bytes(), DOCX),
        (xlsx_bytes(), XLSX),
    ],
)
def test_kinds_are_told_by_content(data, kind):
    file = io.BytesIO(data)
    assert sniff(file) is kind
    assert file.tell() == 0


@pytest.mark.parametrize(
    "data",
    [
        b"<html><script>alert(1)</script></html>",
        b"MZ\x90\x00\x03\x00\x00\x00",  # a Windows program
        b"#!/bin/sh\nrm -rf /\n",
        zip_bytes({"readme.txt": b"not an office file"}),
        zip_bytes({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}),
        b"PK\x03\x04 broken zip",
        b"",
    ],
)
def test_other_content_is_unknown(data):
    assert sniff(io.BytesIO(data)) is None


def test_a_renamed_file_is_judged_by_its_content():
    """An HTML page named bao-cao.pdf is refused; a PDF named anh.png is accepted as the PDF it is."""
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("bao-cao.pdf", b"<html><body>x</body></html>", "application/pdf"))
    assert refused.value.code == "type"
    assert "PDF" in refused.value.messages[0]

    checked = check_upload(upload("anh.png", PDF_BYTES, "image/png"))
    assert checked.name == "anh.pdf"
    assert checked.content_type == "application/pdf"


def test_only_the_allowed_kinds_pass():
    with pytest.raises(ValidationError, match="Không nhận loại tệp này"):
        check_upload(upload("anh.png", png_bytes()), allowed=DOCUMENT_KINDS)
    assert check_upload(upload("bc.docx", docx_bytes()), allowed=DOCUMENT_KINDS).name == "bc.docx"


def test_office_files_with_macros_are_refused():
    docm = zip_bytes(
        {
            "[Content_Types].xml": b'<Types><Override ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
            "word/document.xml": b"<w:document/>",
            "word/vbaProject.bin": b"\x00" * 10,
        }
    )
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("bao-cao.docx", docm))
    assert refused.value.code == "macros"


def test_zip_bombs_are_not_taken_for_office_files():
    bomb = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\x00" * 2_000_000})
    assert len(bomb) < 20_000
    assert sniff(io.BytesIO(bomb), max_unpacked=1_000_000) is None


def test_the_size_cap_is_a_setting(settings):
    settings.GIAOBAN_UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("lon.pdf", PDF_BYTES + b"\x00" * 2000))
    assert refused.value.code == "too_large"
    assert refused.value.messages[0] == "Tệp quá lớn (2,0\xa0KB); tối đa 1,0\xa0KB."
    with pytest.raises(ValidationError) as empty:
        check_upload(upload("rong.pdf", b""))
    assert empty.value.code == "empty"


def test_names_lose_folders_and_odd_characters_but_keep_vietnamese():
    checked = check_upload(upload("../../etc/Báo cáo 6 tháng;rm.PDF", PDF_BYTES))
    assert checked.name == "Báo_cáo_6_thángrm.pdf"
    assert uploads.safe_name("..", PDF) == "tep.pdf"
    assert uploads.safe_name(".htaccess", PDF) == "htaccess.pdf"
    decomposed = "Ba\u0301o ca\u0301o.pdf"  # as macOS sends it
    assert check_upload(upload(decomposed, PDF_BYTES)).name == "Báo_cáo.pdf"


def test_images_are_reencoded():
    hidden = png_bytes() + b"<script>after the image end</script>"
    checked = check_upload(upload("anh.png", hidden))
    checked.file.seek(0)
    data = checked.file.read()
    assert data.startswith(b"\x89PNG") and b"<script>" not in data
    with pytest.raises(ValidationError):
        check_upload(upload("hong.png", png_bytes()[:30]))


def test_the_form_field_checks_uploads():
    class Form(forms.Form):
        file = CheckedFileField(allowed=(PDF,))

    good = Form(files={"file": upload("bc.pdf", PDF_BYTES)})
    assert good.is_valid(), good.errors
    assert good.cleaned_data["file"].content_type == "application/pdf"
    bad = Form(files={"file": upload("bc.pdf", docx_bytes())})
    assert not bad.is_valid()
    assert "Chỉ nhận tệp PDF" in bad.errors["file"][0]
    assert Form().fields["file"].widget.attrs["accept"] == ".pdf"


def test_downloads_are_attachments_typed_by_content():
    """A stored HTML page is served as an opaque attachment, never as a page of the app."""
    response = download_response(io.BytesIO(b"<html><script>alert(1)</script></html>"), filename="trang.html")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]

    response = download_response(io.BytesIO(PDF_BYTES), filename="Báo cáo.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''B%C3%A1o%20c%C3%A1o.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_download_is_named_with_the_extension_of_its_content():
    """A PDF kept under the uploader's "trang.html" is not saved to the officer's disk as a page."""
    response = download_response(io.BytesIO(PDF_BYTES), filename="trang.html")
    assert response["Content-Disposition"] == 'attachment; filename="trang.pdf"'
    response = download_response(io.BytesIO(PDF_BYTES), filename="Báo cáo.PDF")
    assert response["Content-Disposition"].endswith("B%C3%A1o%20c%C3%A1o.PDF")
    assert response["Cache-Control"] == "private, no-store"
    assert download_response(io.BytesIO(PDF_BYTES), filename="a.pdf", max_age=60)["Cache-Control"] == (
        "private, max-age=60"
    )


def test_the_app_keeps_its_csp_off_downloads(client, db):
    """django-csp leaves a response's own policy in place (it only fills in a missing header)."""
    from csp.middleware import CSPMiddleware
    from django.http import HttpRequest

    response = download_response(io.BytesIO(PDF_BYTES), filename="a.pdf")
    request = HttpRequest()
    request.path_info = "/x"
    middleware = CSPMiddleware(lambda r: response)
    middleware.process_request(request)
    assert middleware.process_response(request, response)["Content-Security-Policy"] == (
        "default-src 'none'; sandbox"
    )


def test_module_constants_are_vietnamese():
    assert "Tệp quá lớn" in str(uploads.FILE_TOO_LARGE)
