"""The measurements of the official layouts, in one place: page, margins, type sizes, spacing.

Decree 30/2020/NĐ-CP, Appendix I gives ranges; the values chosen sit inside them. Guidance 36-HD/VPTW
gives the Party layout's sizes.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.shared import RGBColor

from .layout import PARTY, STATE

# --- Page: Decree 30/2020/NĐ-CP, Appendix I, section I (paper, margins) --------------------------
PAGE_WIDTH_MM = 210  # A4 portrait (210 × 297 mm)
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 20  # 20–25 mm
MARGIN_BOTTOM_MM = 20  # 20–25 mm
MARGIN_LEFT_MM = 30  # 30–35 mm
MARGIN_RIGHT_MM = 15  # 15–20 mm
HEADER_DISTANCE_MM = 10  # the page number sits in the top margin
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM
LANDSCAPE_TEXT_WIDTH_MM = PAGE_HEIGHT_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM

# Decree 30/2020/NĐ-CP, Appendix I, section I: Times New Roman (Unicode, TCVN 6909:2001), black.
FONT = "Times New Roman"
BLACK = RGBColor(0, 0, 0)
LANGUAGE = "vi-VN"

# Body text: Decree 30/2020/NĐ-CP, Appendix I, point II.6: justified, first-line indent 1–1.27 cm,
# at least 6 pt between paragraphs, line spacing from single to 1.5 lines.
FIRST_LINE_INDENT_MM = 12.7
PARAGRAPH_SPACE_AFTER_PT = 6
LINE_SPACING = 1.15

# The header and the closing are two-column borderless tables, as offices lay them out.
HEADER_COLUMNS_MM = (65, TEXT_WIDTH_MM - 65)  # issuer | national heading (fits on one line at 12 pt)
CLOSING_COLUMNS_MM = (80, TEXT_WIDTH_MM - 80)  # "Nơi nhận" | signature
CELL_MARGIN_MM = 1.9  # Word's default left and right cell margin (108 twips)
# The short rule under the issuer and under the summary: 1/3–1/2 of the text above it
# (Decree 30/2020/NĐ-CP, Appendix I, points II.2 and II.5).
SHORT_RULE_FRACTION = 0.4
RULE_WEIGHT_EIGHTHS = 6  # 0.75 pt
SIGNATURE_SPACE_PT = 72  # room for the signature and the seal


@dataclass(frozen=True)
class Sizes:
    """Type sizes in points, per layout."""

    parent_body: float
    issuer: float
    heading: float  # national heading (state) or "ĐẢNG CỘNG SẢN VIỆT NAM" (party)
    motto: float
    number: float
    place_date: float
    type_name: float
    summary: float
    letter_summary: float
    body: float
    signature: float
    recipients_label: float
    recipients: float
    page_number: float


SIZES = {
    # Decree 30/2020/NĐ-CP, Appendix I, section II: national heading 12–13 bold, motto 13–14 bold,
    # parent body 12–13, issuer 12–13 bold, number 13, place and date 13–14 italic, type name 13–14
    # bold, summary 13–14 bold ("V/v" of a công văn 12–13), body 13–14, signature 13–14 bold,
    # "Nơi nhận:" 12 bold italic and its lines 11, page number 13–14.
    STATE: Sizes(
        parent_body=13,
        issuer=13,
        heading=12,
        motto=13,
        number=13,
        place_date=14,
        type_name=14,
        summary=14,
        letter_summary=12,
        body=14,
        signature=14,
        recipients_label=12,
        recipients=11,
        page_number=14,
    ),
    # Guidance 36-HD/VPTW, Appendix 3: heading 15 bold, parent body 14, issuer 14 bold, number 14,
    # place and date 14 italic, type name 15–16 bold, summary 14–15 bold, body 14–15, "Nơi nhận:"
    # 14 underlined, its lines 12; signature lines 14 bold.
    PARTY: Sizes(
        parent_body=14,
        issuer=14,
        heading=15,
        motto=14,
        number=14,
        place_date=14,
        type_name=15,
        summary=14,
        letter_summary=12,
        body=14,
        signature=14,
        recipients_label=14,
        recipients=12,
        page_number=14,
    ),
}

# "Nơi nhận:": bold italic in state documents (Decree 30/2020/NĐ-CP, Appendix I, point II.9),
# regular and underlined in Party documents (Guidance 36-HD/VPTW, Appendix 3).
RECIPIENTS_LABEL_STYLE = {
    STATE: {"bold": True, "italic": True},
    PARTY: {"underline": True},
}
