"""PDF copies of Word documents, converted by LibreOffice headless.

Each conversion runs its own LibreOffice with a throw-away user profile, so parallel requests never
share (and lock) a profile; a conversion that hangs is killed with its whole process group.
The documents ask for Times New Roman (Decree 30). Where the server lacks it, LibreOffice takes the font
fontconfig matches instead (Liberation Serif, metric-compatible: same line breaks and page count) and
embeds it; `pdf_font_stand_in` says which, for the pages and `manage.py check` (docs/deployment.md says
how to install Times New Roman).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from .spec import FONT

PDF_CONTENT_TYPE = "application/pdf"
SOFFICE_NAMES = ("soffice", "libreoffice")
DEFAULT_TIMEOUT = 120  # seconds; a first start with a fresh profile takes a few

PDF_UNAVAILABLE = _("Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF; bản DOCX vẫn tải được.")
PDF_TIMEOUT = _("LibreOffice không chuyển xong văn bản sang PDF trong %(seconds)s giây.")
PDF_FAILED = _("LibreOffice không chuyển được văn bản sang PDF (mã lỗi %(code)s).")


class PdfConversionError(RuntimeError):
    """The PDF copy could not be made; the message is for the user, in Vietnamese."""


class LibreOfficeMissing(PdfConversionError):
    """LibreOffice (soffice) is not installed on this machine."""


def find_soffice() -> str | None:
    """The path of LibreOffice's `soffice`, or None."""
    for name in SOFFICE_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


PDF_FONT_STAND_IN = _(
    "Máy chủ chưa cài phông Times New Roman: bản PDF dùng phông %(font)s thay thế (cùng cỡ chữ, cùng "
    "ngắt dòng); bản DOCX vẫn dùng Times New Roman."
)


@lru_cache(maxsize=1)
def pdf_serif_font() -> str:
    """The family LibreOffice renders Times New Roman with on this machine (fontconfig's match): "Times New
    Roman" when installed. Read once per process; installing a font needs an app restart anyway."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return FONT  # without fontconfig there is nothing to tell
    try:
        found = subprocess.run(
            [fc_match, "-f", "%{family[0]}", FONT], capture_output=True, text=True, timeout=10, check=False
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return FONT
    return found or FONT


def pdf_font_stand_in() -> str | None:
    """The font standing in for Times New Roman in PDF copies, or None when Times New Roman is installed."""
    font = pdf_serif_font()
    return None if font.casefold() == FONT.casefold() else font


def pdf_font_note() -> str:
    """The sentence the document pages show beside the PDF link; "" when nothing stands in."""
    font = pdf_font_stand_in() if pdf_available() else None
    return str(PDF_FONT_STAND_IN % {"font": font}) if font else ""


def pdf_available() -> bool:
    """Whether PDF copies can be made here (LibreOffice is installed)."""
    return find_soffice() is not None


def render_pdf(docx_bytes: bytes, *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """The PDF of a .docx file. Raises LibreOfficeMissing or PdfConversionError."""
    soffice = find_soffice()
    if soffice is None:
        raise LibreOfficeMissing(str(PDF_UNAVAILABLE))
    with tempfile.TemporaryDirectory(prefix="giaoban-pdf-") as tmp:
        work = Path(tmp)
        source = work / "document.docx"
        source.write_bytes(docx_bytes)
        out = work / "out"
        out.mkdir()
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--norestore",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(out),
            str(source),
        ]
        env = {**os.environ, "HOME": str(work), "TMPDIR": str(work)}
        with subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,  # its own process group: a timeout kills oosplash and soffice.bin
        ) as process:
            try:
                output, _unused = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                _kill_group(process)
                raise PdfConversionError(str(PDF_TIMEOUT % {"seconds": _seconds(timeout)})) from None
        pdf = out / "document.pdf"
        if process.returncode != 0 or not pdf.is_file():
            detail = output.decode("utf-8", "replace").strip()[-500:]
            error = PdfConversionError(str(PDF_FAILED % {"code": process.returncode}))
            error.add_note(detail)
            raise error
        return pdf.read_bytes()


def _kill_group(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def _seconds(timeout: float) -> str:
    return f"{timeout:g}".replace(".", ",")
