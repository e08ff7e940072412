"""The demo world holds the article's figures for the first half of 2017."""

import datetime as dt
import io

import pytest

from giaoban.delegations import demo as delegations_demo
from giaoban.delegations import selectors
from giaoban.delegations.models import Delegation, Status
from giaoban.org import demo as org_demo
from giaoban.org.models import Committee, User

pytestmark = pytest.mark.django_db

ARTICLE_SENTENCE = (
    "Cử 29 đoàn đi công tác, tham dự hội đàm, khảo sát, trao đổi kinh nghiệm, đào tạo, bồi dưỡng và "
    "giao lưu hữu nghị tại 12 quốc gia, vùng lãnh thổ; tổ chức đón tiếp 32 đoàn đến từ 9 quốc gia và "
    "vùng lãnh thổ đến thăm, làm việc."
)
# The article counts delegations only; the register also knows the members of each (the demo's counts),
# so the sentence adds the person-trips as provincial reports do, and is otherwise the article's.
DEMO_SENTENCE = ARTICLE_SENTENCE.replace("Cử 29 đoàn", "Cử 29 đoàn với 203 lượt người").replace(
    "đón tiếp 32 đoàn", "đón tiếp 32 đoàn, 209 lượt người"
)
H1 = {"date_from": dt.date(2017, 1, 1), "date_to": dt.date(2017, 6, 30)}


def load_demo() -> None:
    """The org and delegations parts of `giaoban demo`, in its order (the other apps' parts need them not)."""
    world: dict = {}
    for module in (org_demo, delegations_demo):
        module.load(world, io.StringIO())


@pytest.fixture(scope="module")
def demo_part(module_transaction, django_db_blocker) -> None:
    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture
def demo(db, demo_part):
    """The org and delegations parts of the demo, loaded once for the module."""


def test_the_first_half_of_2017_reads_as_in_the_article(demo):
    secretariat = User.objects.get(username="thuky")
    for committee in (None, Committee.objects.get(short_name="BCĐ TTĐN")):
        stats = selectors.delegation_stats(user=secretariat, committee=committee, **H1)
        assert (stats.outbound.delegations, stats.outbound.countries) == (29, 12)
        assert (stats.inbound.delegations, stats.inbound.countries) == (32, 9)
        assert (stats.outbound.members, stats.inbound.members) == (203, 209)
        assert stats.outbound.members_unknown == stats.inbound.members_unknown == 0
        assert stats.sentence == DEMO_SENTENCE


def test_the_leader_sees_the_same_figures(demo):
    stats = selectors.delegation_stats(user=User.objects.get(username="lanhdao"), **H1)
    assert (stats.outbound.delegations, stats.inbound.delegations) == (29, 32)


def test_the_demo_spreads_over_units_months_and_has_missing_reports(demo):
    stats = selectors.delegation_stats(user=User.objects.get(username="thuky"), **H1)
    assert len(stats.by_unit) >= 15
    assert all(month["outbound"] and month["inbound"] for month in stats.by_month)
    assert stats.by_country[0]["code"] == "CN"
    assert Delegation.objects.filter(status=Status.CANCELLED).count() == 2
    assert Delegation.objects.filter(start_date__lt=H1["date_from"]).exists()
    assert Delegation.objects.filter(start_date__gt=H1["date_to"]).exists()
    missing = selectors.delegations_missing_report(user=User.objects.get(username="thuky"))
    assert 3 <= missing.count() <= 10


def test_the_demo_is_idempotent(demo):
    count = Delegation.objects.count()
    load_demo()
    assert Delegation.objects.count() == count
