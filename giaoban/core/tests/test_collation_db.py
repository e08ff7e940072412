"""The database sorts and searches Vietnamese as the Python core does, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import itertools
import json
import random
import unicodedata

import pytest
from django.db import connection

from giaoban.core.db import vietnamese_order
from giaoban.core.tests.test_vietnamese import DISTRICTS, MIXED, WORDS, shuffled
from giaoban.core.vietnamese import POSTGRESQL_COLLATION, SQLITE_COLLATION, sort_vietnamese
from giaoban.org.models import Organisation
from giaoban.org.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

needs_icu = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's ICU collation")

LETTERS = list("aăâbcdđeêghiklmnoôơpqrstuưvxyfjwz")
VOWELS = list("aăâeêioôơuưy")
TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]


def tricky_words() -> list[str]:
    """Every letter, every vowel under every tone, in both cases, with spaces, digits and hyphens."""

    def nfc(text: str) -> str:
        return unicodedata.normalize("NFC", text)

    words: set[str] = set()
    for letter in LETTERS:
        words |= {letter, letter.upper(), letter + "a", letter.upper() + "a", "a" + letter, letter * 2}
    for vowel, tone in itertools.product(VOWELS, TONES):
        s = nfc(vowel + tone)
        words |= {s, s.upper(), "m" + s, "M" + s, "m" + s + "i", "m" + s + "n", s + "c", s + "1"}
        words |= {"b" + s + " b", "b" + s + "-b", "B" + s.upper() + " B", s + " " + s, s + "-" + s}
    for head, tail in itertools.product(
        ["ma", "mà", "Ma", "MÀ", "mạ", "mã"], ["", " ", "-", "1", "10", "2", "a", "i", "à"]
    ):
        words.add(head + tail)
    for number in ["0", "1", "01", "2", "9", "10", "100", "2017", "2017-2020", "2017 2020"]:
        words |= {number, "Khu " + number, "Khu-" + number, "khu" + number}
    words |= set(WORDS) | set(MIXED) | set(DISTRICTS)
    words |= {"-", " -", "a-", "a -", "a- b", "a - b", "Hà Nội", "Hà-Nội", "HàNội", "Hà  Nội"}
    # Random strings over the same alphabet plus the punctuation names and titles carry.
    rng = random.Random(26072017)
    pool = [nfc(v + t) for v, t in itertools.product(VOWELS, TONES)] + LETTERS
    extra = list(" -0123456789,.()/&'\"–_:;") + ["\u00a0", "Ð", "\u00ad", "\u200b", "…", "ç", "ü"]
    for _ in range(1500):
        word = "".join(
            rng.choice(pool) if rng.random() < 0.8 else rng.choice(extra) for _ in range(rng.randint(1, 6))
        )
        words.add(word.upper() if rng.random() < 0.3 else word.title() if rng.random() < 0.3 else word)
    return sorted(words)


def database_sorted(words: list[str]) -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f'SELECT w FROM unnest(%s::text[]) AS t(w) ORDER BY w COLLATE "{POSTGRESQL_COLLATION}"',
                [words],
            )
        else:
            cursor.execute(
                f"SELECT value FROM json_each(%s) ORDER BY value COLLATE {SQLITE_COLLATION}",
                [json.dumps(words)],
            )
        return [row[0] for row in cursor.fetchall()]


ORGANISATION_NAMES = DISTRICTS + MIXED + WORDS[::3] + ["Sở Ngoại vụ", "Sở Nội vụ", "sở ngoại vụ", "Ðình Lập"]


@pytest.fixture
def organisations():
    return [OrganisationFactory(name=name) for name in shuffled(ORGANISATION_NAMES)]


SEARCH_NAMES = DISTRICTS + ["Sở Ngoại vụ", "Sở Nội vụ", "sở ngoại vụ", "Ðình Lập"]


@pytest.fixture
def units():
    return [OrganisationFactory(name=name) for name in SEARCH_NAMES]


def test_vietnamese_order_on_organisations_matches_sort_vietnamese(organisations):
    """ORDER BY name in Vietnamese order gives exactly the order the exports use."""
    names = list(Organisation.objects.order_by(vietnamese_order("name"), "pk").values_list("name", flat=True))
    assert len(names) == len(ORGANISATION_NAMES)
    assert names == sort_vietnamese(names)
    districts = [name for name in names if name in DISTRICTS]
    assert districts == DISTRICTS
    assert districts.index("Đình Lập") == districts.index("Chi Lăng") + 1


def test_vietnamese_order_descending_reverses_it(organisations):
    names = list(
        Organisation.objects.order_by(vietnamese_order("name", descending=True)).values_list(
            "name", flat=True
        )
    )
    assert names == sort_vietnamese(names)[::-1]


def test_database_collation_matches_sort_vietnamese_on_a_broad_list():
    """The registered SQLite function, or ICU on PostgreSQL, agrees with the Python key word for word."""
    words = tricky_words()
    assert database_sorted(shuffled(words)) == sort_vietnamese(words)


@pytest.mark.postgres_only
@needs_icu
def test_icu_vi_collation_equals_sort_vietnamese_on_tricky_words():
    """PostgreSQL's "vi-x-icu" and collation_key agree on letters × tones, case, spaces, digits, hyphens."""
    words = tricky_words()
    assert len(words) > 2000
    by_icu = database_sorted(shuffled(words))
    expected = sort_vietnamese(words)
    disagreements = [(i, a, b) for i, (a, b) in enumerate(zip(by_icu, expected, strict=True)) if a != b]
    assert not disagreements, disagreements[:10]


@pytest.mark.postgres_only
@needs_icu
def test_icu_vi_collation_orders_tones_and_letters():
    assert database_sorted(["mai", "mạ", "má", "mã", "mả", "mà", "ma"]) == [
        "ma",
        "mà",
        "mả",
        "mã",
        "má",
        "mạ",
        "mai",
    ]
    assert database_sorted(shuffled(DISTRICTS)) == DISTRICTS


@pytest.mark.parametrize(
    "query", ["lang son", "LẠNG SƠN", "Lạng Sơn", unicodedata.normalize("NFD", "lạng sơn"), " lang   son "]
)
def test_search_by_search_key_finds_without_accents(units, query):
    found = list(Organisation.objects.search(query).values_list("name", flat=True))
    assert found == ["Thành phố Lạng Sơn"]


def test_search_finds_dinh_lap_by_either_d(units):
    found = set(Organisation.objects.search("dinh lap").values_list("name", flat=True))
    assert found == {"Đình Lập", "Ðình Lập"}


def test_search_word_by_word_and_empty_query(units):
    assert set(Organisation.objects.search("ngoai vu").values_list("name", flat=True)) == {
        "Sở Ngoại vụ",
        "sở ngoại vụ",
    }
    assert Organisation.objects.search("").count() == len(SEARCH_NAMES)
    assert Organisation.objects.search(None).count() == len(SEARCH_NAMES)
    assert not Organisation.objects.search("khong co").exists()
