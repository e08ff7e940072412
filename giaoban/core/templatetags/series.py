"""The number-series warning of an issued document, shown on its page."""

from django import template

from giaoban.core.counters import document_date_warning

register = template.Library()


@register.inclusion_tag("core/_date_warning.html")
def date_warning(document) -> dict[str, str]:
    return {"warning": document_date_warning(document=document)}
