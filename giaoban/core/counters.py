"""Number series that never hand out the same number twice, across processes and machines."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Counter, IssuedDocument, IssuedNumber
from .vietnamese import format_date_short

NUMBER_TAKEN = _(
    "Số %(number)s năm %(year)s đã cấp cho %(document)s; nhập số khác, hoặc để trống để lấy số tiếp theo."
)
DATE_BEFORE_EARLIER_NUMBER = _(
    "Ngày ban hành %(date)s (số %(number)s) sớm hơn ngày của %(document)s, mang số nhỏ hơn "
    "(%(other)s): số văn bản phải tăng theo ngày ban hành, hãy kiểm tra lại ngày."
)
DATE_AFTER_LATER_NUMBER = _(
    "Ngày ban hành %(date)s (số %(number)s) muộn hơn ngày của %(document)s, mang số lớn hơn "
    "(%(other)s): số văn bản phải tăng theo ngày ban hành, hãy kiểm tra lại ngày."
)


def counter_next(key: str) -> int:
    """The next number of the series `key` (1 for a new series).

    One INSERT … ON CONFLICT DO UPDATE … RETURNING statement: the database serialises concurrent
    callers on the row, so two requests never get the same number (PostgreSQL and SQLite ≥ 3.35).
    Inside a transaction the number is released again if that transaction rolls back.
    """
    table = connection.ops.quote_name(Counter._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, value) VALUES (%s, 1) "
            f"ON CONFLICT (key) DO UPDATE SET value = {table}.value + 1 RETURNING value",
            [key],
        )
        (value,) = cursor.fetchone()
    return int(value)


def counter_peek(key: str) -> int:
    """The last number handed out in the series (0 if none)."""
    return Counter.objects.filter(key=key).values_list("value", flat=True).first() or 0


def document_series_key(committee_id: int, year: int) -> str:
    """The counter of a committee's documents of a year: an advisory body ("Ban", "Hội đồng") keeps its
    own number series (domain.md §8), shared by every document type it issues."""
    return f"documents:{committee_id}:{year}"


def _describe(entry: IssuedNumber) -> str:
    """ "báo cáo của ban chỉ đạo “Sơ kết …” ngày 20/7/2017": the document that holds a number."""
    model = apps.get_model(entry.document_type)
    document = model._default_manager.filter(pk=entry.document_id).first()
    title = f" “{document}”" if document is not None else ""
    return f"{model._meta.verbose_name}{title} ngày {format_date_short(entry.date)}"


def _claim(document: IssuedDocument, committee_id: int, number: int) -> bool:
    """Register the number for the document; False if another document holds it. A holder whose
    transaction is still open makes the database wait for it to end, then answer."""
    try:
        with transaction.atomic():
            IssuedNumber.objects.create(
                committee_id=committee_id,
                year=document.year,
                number=number,
                date=document.date,
                document_type=document._meta.label_lower,
                document_id=document.pk,
            )
    except IntegrityError:
        return False
    return True


@transaction.atomic
def document_number_register(
    *, document: IssuedDocument, committee_id: int, number: int | None = None, field: str = "number"
) -> int:
    """The document's number in its committee's series of `document.year`, registered in the same
    transaction as the caller's save: `number` if given (entered by hand) and free, else the number it
    already holds that year, else the counter's next number that no document holds.

    The caller has locked the document (select_for_update) and set its date and year. A number held by
    another document is refused with a ValidationError on `field` naming that document.
    """
    label = document._meta.label_lower
    assert document.pk is not None and document.year is not None and document.date is not None
    held = IssuedNumber.objects.filter(document_type=label, document_id=document.pk).first()
    if held is not None:
        if held.committee_id == committee_id and held.year == document.year and number in (None, held.number):
            if held.date != document.date:
                IssuedNumber.objects.filter(pk=held.pk).update(date=document.date)
            return held.number
        held.delete()  # another year (a report approved again with a new date): its old number is free
    if number is not None:
        if not _claim(document, committee_id, number):
            holder = IssuedNumber.objects.get(committee_id=committee_id, year=document.year, number=number)
            raise ValidationError(
                {
                    field: NUMBER_TAKEN
                    % {"number": number, "year": document.year, "document": _describe(holder)}
                }
            )
        return number
    key = document_series_key(committee_id, document.year)
    while True:  # the counter holds its row locked until commit: one automatic numbering at a time
        number = counter_next(key)
        if _claim(document, committee_id, number):
            return number


def document_date_warning(*, document: IssuedDocument) -> str:
    """A warning when the document's number does not follow its date in the series: a document
    numbered before it is dated later, or one numbered after it earlier (not a refusal: a document
    may be registered late, but the secretariat should check the date). One query."""
    number, date, year = document.number, document.date, document.year
    committee_id = getattr(document, "committee_id", None)
    if document.pk is None or number is None or date is None or committee_id is None:
        return ""
    out_of_order = (
        IssuedNumber.objects.filter(committee_id=committee_id, year=year)
        .filter(Q(number__lt=number, date__gt=date) | Q(number__gt=number, date__lt=date))
        .exclude(document_type=document._meta.label_lower, document_id=document.pk)
    )
    # The nearest offender: the latest-dated smaller number, else the earliest-dated larger one.
    entries = list(out_of_order)  # a few at most: the numbers of one committee's year
    if not entries:
        return ""
    smaller = [entry for entry in entries if entry.number < number]
    other = (
        max(smaller, key=lambda e: (e.date, e.number))
        if smaller
        else min(entries, key=lambda e: (e.date, e.number))
    )
    message = DATE_BEFORE_EARLIER_NUMBER if smaller else DATE_AFTER_LATER_NUMBER
    return str(message) % {
        "date": format_date_short(date),
        "number": number,
        "other": other.number,
        "document": _describe(other),
    }
