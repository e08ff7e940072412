"""Template filters |ngay, |ngay_day_du, |thu_ngay and |so (built in: no {% load %} needed)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
from django.template import engines
from django.utils import timezone

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


def tag(filter_name: str) -> str:
    return "{{ d|" + filter_name + " }}"


DATE_FILTERS = {
    "ngay": "26/7/2017",
    "ngay_day_du": "ngày 26 tháng 7 năm 2017",
    "thu_ngay": "Thứ tư, 26/07/2017",
}


@pytest.mark.parametrize(("name", "text"), DATE_FILTERS.items())
def test_date_filters_on_a_date(name, text):
    assert render(tag(name), d=dt.date(2017, 7, 26)) == text


@pytest.mark.parametrize(("name", "text"), DATE_FILTERS.items())
def test_date_filters_on_an_aware_datetime_use_the_local_date(name, text):
    """20:30 UTC on 25/7 is already the morning of 26/7 in Hà Nội (UTC+7)."""
    moment = dt.datetime(2017, 7, 25, 20, 30, tzinfo=dt.UTC)
    assert timezone.localtime(moment).date() == dt.date(2017, 7, 26)
    assert render(tag(name), d=moment) == text


@pytest.mark.parametrize(("name", "text"), DATE_FILTERS.items())
def test_date_filters_on_a_local_aware_datetime(name, text):
    moment = dt.datetime(2017, 7, 26, 23, 59, tzinfo=HANOI)
    assert render(tag(name), d=moment) == text


@pytest.mark.parametrize(("name", "text"), DATE_FILTERS.items())
def test_date_filters_on_a_naive_datetime_take_its_date(name, text):
    assert render(tag(name), d=dt.datetime(2017, 7, 26, 8, 0)) == text


@pytest.mark.parametrize("name", DATE_FILTERS)
@pytest.mark.parametrize("value", [None, "", "2017-07-26", 0])
def test_date_filters_render_nothing_for_non_dates(name, value):
    assert render(tag(name), d=value) == ""


def test_date_filters_on_a_missing_variable():
    assert render("[{{ missing|ngay }}][{{ missing|thu_ngay }}]") == "[][]"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1234, "1.234"),
        (1234567, "1.234.567"),
        (Decimal("12.5"), "12,5"),
        (0, "0"),
        ("1234", "1.234"),
        (None, ""),
        ("", ""),
        ("n/a", "n/a"),
    ],
)
def test_number_filter(value, text):
    assert render("{{ n|so }}", n=value) == text


def test_number_filter_output_is_escaped_when_passing_text_through():
    assert render("{{ n|so }}", n="<b>") == "&lt;b&gt;"


def test_date_fields_are_written_and_read_dd_mm_yyyy():
    import datetime as dt

    from django import forms as django_forms

    from giaoban.core.forms import BootstrapFormMixin

    class Form(BootstrapFormMixin, django_forms.Form):
        day = django_forms.DateField(label="Ngày họp")

    html = str(Form(initial={"day": dt.date(2017, 7, 26)})["day"])
    assert 'value="26/07/2017"' in html and 'type="text"' in html and "data-datepicker" in html
    for typed in ("26/07/2017", "26/7/2017", "2017-07-26", "26.07.2017"):
        form = Form({"day": typed})
        assert form.is_valid() and form.cleaned_data["day"] == dt.date(2017, 7, 26), typed
    form = Form({"day": "07/26/2017"})
    assert not form.is_valid() and form.errors["day"] == [
        "Ngày không hợp lệ: viết theo dạng ngày/tháng/năm, ví dụ 26/07/2017."
    ]


def test_every_form_that_writes_is_validated_by_the_server_in_vietnamese():
    """No browser bubble ("Please fill out this field.") in the browser's language: `novalidate` on every
    form that posts, so the server's Vietnamese message, naming the field, is what the user reads."""
    import re
    from pathlib import Path

    from django.conf import settings

    missing = [
        f"{path.relative_to(settings.BASE_DIR)}: {tag}"
        for path in (Path(settings.BASE_DIR) / "giaoban").rglob("*.html")
        for tag in re.findall(r"<form\b[^>]*>", path.read_text(encoding="utf-8"))
        if 'method="post"' in tag and "novalidate" not in tag
    ]
    assert not missing, "\n".join(missing)
