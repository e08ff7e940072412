"""PDF copies of Word documents, converted by LibreOffice headless.

Each conversion runs its own LibreOffice with a throw-away user profile, so parallel requests never
share (and lock) a profile; a conversion that hangs is killed with its whole process group.
LibreOffice substitutes Liberation Serif, metric-compatible with Times New Roman, and embeds it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext_lazy as _

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
