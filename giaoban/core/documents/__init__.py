"""Official documents in the Vietnamese layouts, shared by every document the apps issue.

Build an `OfficialDocument` (plain dataclasses, no models) and render it:

    document = OfficialDocument(
        layout="state", parent_body="UBND TỈNH LẠNG SƠN", issuer="BAN CHỈ ĐẠO …", number=5,
        type_code="TB", issuer_code="BCĐ", place="Lạng Sơn", date=dt.date(2017, 7, 26),
        type_name="THÔNG BÁO", summary="Kết luận của Trưởng Ban Chỉ đạo …",
        body=[Paragraph("…"), Heading("I. …"), NumberedItem(1, "…")],
        signature=Signature(prefix="KT.", authority="TRƯỞNG BAN", title="PHÓ TRƯỞNG BAN", name="…"),
        recipients=["Như trên", "Lưu: VT"],
    )
    docx_bytes = render_docx(document)
    pdf_bytes = render_pdf(docx_bytes)  # LibreOffice; raises LibreOfficeMissing where it is absent

layout.py holds the content and the format-independent rules (number line, place and date,
recipients); docx.py the Word layout (Decree 30/2020/NĐ-CP, Appendix I; Guidance 36-HD/VPTW); pdf.py
the conversion.
"""

from .docx import DOCX_CONTENT_TYPE, render_docx
from .layout import (
    LAYOUTS,
    MOTTO,
    NATIONAL_HEADING,
    PARTY,
    PARTY_HEADING,
    SIGNING_PREFIXES,
    STATE,
    Annex,
    Block,
    Heading,
    Layout,
    NumberedItem,
    OfficialDocument,
    PageBreak,
    Paragraph,
    Signature,
    Table,
    document_filename,
    document_number_line,
    place_date_line,
    recipient_lines,
)
from .pdf import (
    PDF_CONTENT_TYPE,
    LibreOfficeMissing,
    PdfConversionError,
    pdf_available,
    pdf_font_note,
    pdf_font_stand_in,
    render_pdf,
)

__all__ = [
    "DOCX_CONTENT_TYPE",
    "LAYOUTS",
    "MOTTO",
    "NATIONAL_HEADING",
    "PARTY",
    "PARTY_HEADING",
    "PDF_CONTENT_TYPE",
    "SIGNING_PREFIXES",
    "STATE",
    "Annex",
    "Block",
    "Heading",
    "Layout",
    "LibreOfficeMissing",
    "NumberedItem",
    "OfficialDocument",
    "PageBreak",
    "Paragraph",
    "PdfConversionError",
    "Signature",
    "Table",
    "document_filename",
    "document_number_line",
    "pdf_available",
    "pdf_font_note",
    "pdf_font_stand_in",
    "place_date_line",
    "recipient_lines",
    "render_docx",
    "render_pdf",
]
