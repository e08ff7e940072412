"""Uploaded files in and out: a size cap, the type told by the content, images re-encoded; downloads as attachments.

A file's name and the browser's Content-Type are the uploader's to choose, so neither is trusted: the
type comes from the file's first bytes (and, for DOCX/XLSX, from the parts inside the ZIP), the stored
name gets the extension of the type found, and every download is an attachment the browser may not
sniff or run (`download_response`).
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from .vietnamese import format_number, nfc


@dataclass(frozen=True)
class FileKind:
    name: str
    extension: str
    content_type: str
    label: str


PDF = FileKind("pdf", ".pdf", "application/pdf", "PDF")
DOCX = FileKind(
    "docx", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"
)
XLSX = FileKind("xlsx", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX")
PNG = FileKind("png", ".png", "image/png", "PNG")
JPEG = FileKind("jpeg", ".jpg", "image/jpeg", "JPEG")

DOCUMENT_KINDS: tuple[FileKind, ...] = (PDF, DOCX, XLSX)
IMAGE_KINDS: tuple[FileKind, ...] = (PNG, JPEG)
ALL_KINDS: tuple[FileKind, ...] = (*DOCUMENT_KINDS, *IMAGE_KINDS)

FILE_EMPTY = _("Tệp rỗng.")
FILE_TOO_LARGE = _("Tệp quá lớn (%(size)s); tối đa %(limit)s.")
FILE_TYPE_NOT_ALLOWED = _("Không nhận loại tệp này. Chỉ nhận tệp %(allowed)s.")
FILE_MACROS = _("Không nhận tệp Office có macro.")
IMAGE_DAMAGED = _("Tệp ảnh bị hỏng hoặc không đọc được.")
IMAGE_TOO_LARGE = _("Ảnh quá lớn (%(width)s × %(height)s điểm ảnh); tối đa %(limit)s triệu điểm ảnh.")
IMAGE_FAR_TOO_LARGE = _("Ảnh quá lớn; tối đa %(limit)s triệu điểm ảnh.")

# How much of a file the signature check reads.
HEAD_BYTES = 16
# A DOCX/XLSX whose parts unpack to more than this many times the cap is refused (a "zip bomb").
MAX_UNPACKED_RATIO = 20
MAX_NAME_LENGTH = 120
# What a re-encoded image keeps of the uploaded file's metadata: what its pixels need, nothing else.
KEPT_IMAGE_INFO = ("transparency",)


def _office_kind(file: IO[bytes], max_unpacked: int) -> FileKind | None:
    """DOCX or XLSX by the parts inside the ZIP (an OOXML package), else None."""
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if "[Content_Types].xml" not in names:
                return None
            if sum(info.file_size for info in infos) > max_unpacked:
                return None
            content_types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, EOFError):
        return None
    if b"macroEnabled" in content_types or any(name.endswith("vbaProject.bin") for name in names):
        raise ValidationError(FILE_MACROS, code="macros")
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def sniff(file: IO[bytes], *, max_unpacked: int | None = None) -> FileKind | None:
    """The kind of file by its content, or None when it is none of the kinds known here.

    Reads from the start and leaves the file positioned at the start.
    """
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(b"PK\x03\x04"):
            limit = max_unpacked or settings.GIAOBAN_UPLOAD_MAX_BYTES * MAX_UNPACKED_RATIO
            return _office_kind(file, limit)
        return None
    finally:
        file.seek(0)


def _check_pixels(image: Image.Image) -> None:
    """Refuse an image whose header announces more pixels than GIAOBAN_UPLOAD_MAX_PIXELS.

    Image.open reads only the header, so this runs before a pixel is decoded: a 480 KB PNG can announce
    13000 × 13000 pixels, and decoding it would cost a worker hundreds of MB (Pillow itself only warns
    below twice its MAX_IMAGE_PIXELS).
    """
    width, height = image.size
    limit = settings.GIAOBAN_UPLOAD_MAX_PIXELS
    if width * height > limit:
        raise ValidationError(
            IMAGE_TOO_LARGE,
            code="image_too_large",
            params={"width": format_number(width), "height": format_number(height), **_pixel_limit()},
        )


def _pixel_limit() -> dict[str, str]:
    return {"limit": format_number(settings.GIAOBAN_UPLOAD_MAX_PIXELS / 1_000_000)}


def _reencode_image(data: bytes, kind: FileKind) -> bytes:
    """The image decoded and written anew: metadata (EXIF, GPS, comments) and anything hidden after the
    pixels are dropped. Any decoder failure, a truncated file among them, refuses the upload; so does a
    header announcing too many pixels (_check_pixels), before anything is decoded.
    """
    try:
        # Only the decoder of the kind found by sniff(): no other of Pillow's parsers sees the bytes.
        image = Image.open(io.BytesIO(data), formats=[kind.name.upper()])
    except Image.DecompressionBombError as error:  # Pillow's own refusal, past twice MAX_IMAGE_PIXELS
        raise ValidationError(IMAGE_FAR_TOO_LARGE, code="image_too_large", params=_pixel_limit()) from error
    except Exception as error:  # noqa: BLE001 - any decoder failure means a bad image
        raise ValidationError(IMAGE_DAMAGED, code="image") from error
    with image:
        _check_pixels(image)
        try:
            image.load()
            # A phone's photo stands upright by its EXIF orientation: turn the pixels before EXIF goes.
            clean = ImageOps.exif_transpose(image)
            # Pillow writes some of what it read back out (a JPEG's comment, say): keep only transparency.
            clean.info = {key: image.info[key] for key in KEPT_IMAGE_INFO if key in image.info}
            out = io.BytesIO()
            if kind is JPEG:
                clean.convert("RGB").save(out, format="JPEG", quality=90)
            else:
                clean.save(out, format="PNG")
        except Exception as error:  # noqa: BLE001 - any decoder failure means a bad image
            raise ValidationError(IMAGE_DAMAGED, code="image") from error
    return out.getvalue()


def safe_name(name: str, kind: FileKind) -> str:
    """The uploader's name without folders or odd characters, ending in the extension of its real kind."""
    stem = os.path.splitext(os.path.basename(nfc(name or "").replace("\\", "/")))[0]
    try:
        stem = get_valid_filename(stem).lstrip(".")
    except Exception:  # noqa: BLE001 - get_valid_filename refuses names like ".."
        stem = ""
    return f"{(stem or 'tep')[:MAX_NAME_LENGTH]}{kind.extension}"


def check_upload(
    upload: UploadedFile, *, allowed: Iterable[FileKind] = ALL_KINDS, max_bytes: int | None = None
) -> UploadedFile:
    """The upload, checked: size, type by content, images re-encoded, a safe name with the right extension.

    Raises ValidationError with a Vietnamese message. Call it from a form field's clean (CheckedFileField)
    or a service before the file is stored.
    """
    allowed = tuple(allowed)
    limit = max_bytes if max_bytes is not None else settings.GIAOBAN_UPLOAD_MAX_BYTES
    size = upload.size or 0
    if size == 0:
        raise ValidationError(FILE_EMPTY, code="empty")
    if size > limit:
        raise ValidationError(
            FILE_TOO_LARGE,
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    kind = sniff(upload.file, max_unpacked=limit * MAX_UNPACKED_RATIO)
    if kind is None or kind not in allowed:
        raise ValidationError(
            FILE_TYPE_NOT_ALLOWED,
            code="type",
            params={"allowed": ", ".join(k.label for k in allowed)},
        )
    name = safe_name(upload.name or "", kind)
    if kind in IMAGE_KINDS:
        upload.file.seek(0)
        reencoded = _reencode_image(upload.file.read(), kind)
        return SimpleUploadedFile(name, reencoded, content_type=kind.content_type)
    upload.name = name
    upload.content_type = kind.content_type
    return upload


class CheckedFileField(forms.FileField):
    """A form field that runs check_upload: `CheckedFileField(allowed=DOCUMENT_KINDS)`."""

    def __init__(self, *args: Any, allowed: Iterable[FileKind] = ALL_KINDS, **kwargs: Any) -> None:
        self.allowed = tuple(allowed)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", ",".join(k.extension for k in self.allowed))

    def clean(self, data: Any, initial: Any = None) -> Any:
        cleaned = super().clean(data, initial)
        if isinstance(cleaned, UploadedFile):
            return check_upload(cleaned, allowed=self.allowed)
        return cleaned


def download_response(file: IO[bytes], *, filename: str) -> FileResponse:
    """Serve a stored file for download: always an attachment, typed by its content, never sniffed or run.

    The Content-Type comes from the file's own bytes (octet-stream when unknown), not from the name,
    and the response carries its own CSP sandbox, so even a browser that opened it inline would run
    nothing in the app's origin.
    """
    kind = sniff(file)
    response = FileResponse(
        file,
        as_attachment=True,
        filename=nfc(filename),
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
