"""The demo world of domain.md §7 loads idempotently and carries the article's facts."""

import datetime as dt
import io
import unicodedata

import pytest
from django.core.management import call_command

from giaoban.core.db import vietnamese_order
from giaoban.org.models import Committee, CommitteeMembership, Organisation, Person, Position, User
from giaoban.org.selectors import person_title_text

pytestmark = pytest.mark.django_db


def _counts():
    return [m.objects.count() for m in (Organisation, Person, Position, Committee, CommitteeMembership, User)]


@pytest.fixture
def demo(db, demo_data):
    """The demo, loaded once for the module (conftest.py)."""


def test_demo_twice_gives_the_same_counts(demo):
    """Running `giaoban demo` a second time creates nothing new."""
    first = _counts()
    call_command("demo", stdout=io.StringIO())
    assert _counts() == first
    assert first[0] >= 25


def test_demo_if_empty_skips_a_filled_database(demo):
    out = io.StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "không nạp" in out.getvalue()


def test_chair_titles_as_of_the_briefing(demo):
    """The chair's titles on 26/7/2017 read as in the article, committee headship where asked."""
    chair = Person.objects.get(full_name="Hoàng Văn Nghiệm")
    ttdn = Committee.objects.filter(short_name="BCĐ TTĐN")
    assert person_title_text(chair, dt.date(2017, 7, 26), committees=ttdn) == (
        "Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh, "
        "Trưởng Ban Chỉ đạo công tác thông tin đối ngoại tỉnh"
    )
    assert person_title_text(chair, dt.date(2017, 7, 26), committees=Committee.objects.all()).endswith(
        "Trưởng Ban Chỉ đạo công tác thông tin đối ngoại và Ban Chỉ đạo 94 tỉnh"
    )
    assert (
        person_title_text(chair, dt.date(2017, 7, 26)) == "Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh"
    )


@pytest.mark.parametrize(
    "query", ["hoang van nghiem", "HOÀNG VĂN NGHIỆM", unicodedata.normalize("NFD", "Hoàng Văn Nghiệm")]
)
def test_search_finds_the_chair_without_or_with_diacritics(demo, query):
    assert list(Person.objects.search(query).values_list("full_name", flat=True)) == ["Hoàng Văn Nghiệm"]


def test_districts_list_in_vietnamese_order(demo):
    """Đình Lập comes after Chi Lăng and before Hữu Lũng."""
    names = list(
        Organisation.objects.filter(kind="locality")
        .order_by(vietnamese_order("short_name"))
        .values_list("short_name", flat=True)
    )
    assert names.index("Chi Lăng") < names.index("Đình Lập") < names.index("Hữu Lũng")


def test_demo_users_have_their_roles(demo):
    roles = dict(User.objects.values_list("username", "role"))
    assert roles == {
        "thuky": "secretariat",
        "lanhdao": "leader",
        "sngv": "unit_officer",
        "tpls": "unit_officer",
        "admin": "admin",
    }
    assert User.objects.get(username="sngv").organisation.name == "Sở Ngoại vụ"
    assert User.objects.get(username="thuky").check_password("giaoban-demo")
