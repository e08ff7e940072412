"""{% load documents %} {% pdf_font_note %}: beside a PDF link, which font stands in for Times New Roman."""

from django import template
from django.utils.html import format_html

from giaoban.core.documents import pdf_font_note as _pdf_font_note

register = template.Library()


@register.simple_tag
def pdf_font_note() -> str:
    note = _pdf_font_note()
    return format_html('<p class="small text-muted mb-0" id="pdf-font-note">{}</p>', note) if note else ""
