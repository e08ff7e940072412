"""Uploaded files in and out: a size cap, the type told by the content, images re-encoded; downloads as attachments.

A file's name and the browser's Content-Type are the uploader's to choose, so neither is trusted: the
type comes from the file's first bytes (and, for DOCX/XLSX, from the parts inside the ZIP), the stored
name gets the extension of the type found, and every download is an attachment the browser may not
sniff or run (`download_response`).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.crypto import get_random_string
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
    # Other extensions the kind goes by, offered by the file picker too.
    other_extensions: tuple[str, ...] = ()


PDF = FileKind("pdf", ".pdf", "application/pdf", "PDF")
DOCX = FileKind(
    "docx", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"
)
XLSX = FileKind("xlsx", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX")
PNG = FileKind("png", ".png", "image/png", "PNG")
JPEG = FileKind("jpeg", ".jpg", "image/jpeg", "JPEG", (".jpeg",))

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
    upload: UploadedFile,
    *,
    allowed: Iterable[FileKind] = ALL_KINDS,
    max_bytes: int | None = None,
    field: str | None = None,
) -> UploadedFile:
    """The upload, checked: size, type by content, images re-encoded, a safe name with the right extension.

    Raises ValidationError with a Vietnamese message, under `field` when given (a service names the
    field its form shows). Call it from a form field's clean (CheckedFileField) or a service before the
    file is stored.
    """
    if field is None:
        return _checked(upload, allowed=allowed, max_bytes=max_bytes)
    try:
        return _checked(upload, allowed=allowed, max_bytes=max_bytes)
    except ValidationError as invalid:
        raise ValidationError({field: invalid.error_list}) from invalid


def _checked(upload: UploadedFile, *, allowed: Iterable[FileKind], max_bytes: int | None) -> UploadedFile:
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


def accept(allowed: Iterable[FileKind] = ALL_KINDS) -> str:
    """The file input's `accept` attribute for these kinds: the browser's picker offers only them."""
    return ",".join(extension for kind in allowed for extension in (kind.extension, *kind.other_extensions))


class UploadField(forms.FileField):
    """A file field for a form whose service checks the file (check_upload with `field=`): it only tells
    the browser's picker which kinds to offer."""

    def __init__(self, *args: Any, allowed: Iterable[FileKind] = ALL_KINDS, **kwargs: Any) -> None:
        self.allowed = tuple(allowed)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", accept(self.allowed))


class CheckedFileField(UploadField):
    """A form field that runs check_upload: `CheckedFileField(allowed=DOCUMENT_KINDS)`."""

    def __init__(self, *args: Any, max_bytes: int | None = None, **kwargs: Any) -> None:
        self.max_bytes = max_bytes
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        cleaned = super().clean(data, initial)
        if isinstance(cleaned, UploadedFile):
            return check_upload(cleaned, allowed=self.allowed, max_bytes=self.max_bytes)
        return cleaned


def download_response(file: IO[bytes], *, filename: str, max_age: int = 0) -> FileResponse:
    """Serve a stored file for download: always an attachment, typed by its content, never sniffed or run.

    The Content-Type comes from the file's own bytes (octet-stream when unknown), not from the name,
    whose extension is made that of the content; the response carries its own CSP sandbox, so even a
    browser that opened it inline would run nothing in the app's origin. An <img> still shows an
    attachment; `max_age` lets the browser keep it (photos), otherwise nothing is cached.
    """
    kind = sniff(file)
    name = nfc(filename)
    if kind is not None:
        stem, extension = os.path.splitext(name)
        if extension.lower() not in (kind.extension, *kind.other_extensions):
            name = f"{stem or 'tep'}{kind.extension}"
    response = FileResponse(
        file,
        as_attachment=True,
        filename=name,
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = f"private, max-age={max_age}" if max_age else "private, no-store"
    return response


def serve_stored(stored: FieldFile, *, filename: str | None = None, max_age: int = 0) -> FileResponse:
    """The download of a file kept with a record (a FileField's value), for the record's own view.

    The only way a stored file leaves the app: the caller has fetched the record through its visibility
    selector (hidden: 404), and there is no public URL of MEDIA_ROOT. A missing file answers 404.
    """
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, OSError) as missing:
        raise Http404 from missing
    return download_response(handle, filename=filename or os.path.basename(stored.name), max_age=max_age)


# --- Staged uploads ------------------------------------------------------------------------------------
# An upload kept only until the user confirms a step (an import's preview) lives under STAGING_DIR of
# MEDIA_ROOT: never served, left out of backups (core/backup.py), deleted after STAGED_MAX_AGE by
# purge_staged (`giaoban purge-staged-uploads`, and the worker's daily run) if never confirmed.

STAGING_DIR = "staging"
STAGED_MAX_AGE = dt.timedelta(days=1)


def stage_upload(upload: UploadedFile, *, folder: str) -> str:
    """Keep a checked upload under an unguessable name for a later step; returns its storage name."""
    extension = os.path.splitext(upload.name or "")[1].lower()
    return default_storage.save(f"{STAGING_DIR}/{folder}/{get_random_string(24)}{extension}", upload)


def _staged_names(folder: str) -> Iterable[str]:
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for name in folders:
        yield from _staged_names(f"{folder}/{name}")


def purge_staged(*, now: dt.datetime | None = None, max_age: dt.timedelta = STAGED_MAX_AGE) -> int:
    """Delete the staged uploads older than `max_age`; returns how many. Safe to run at any time, again."""
    cutoff = (now or timezone.now()) - max_age
    removed = 0
    for name in list(_staged_names(STAGING_DIR)):
        try:
            if default_storage.get_modified_time(name) < cutoff:
                default_storage.delete(name)
                removed += 1
        except FileNotFoundError:  # confirmed or discarded meanwhile
            continue
    return removed
