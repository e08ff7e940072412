"""The English catalogue: complete, placeholders intact, and switchable from the page header.

The pages are tested against a catalogue this module compiles itself (Babel, as `make messages` does)
into a temporary LOCALE_PATHS, so a stale or missing locale/en/LC_MESSAGES/django.mo in the tree can
neither make these tests pass nor fail.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.test import override_settings

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"

# %(name)s, %s, %%, {name}, {0}, {name:…}: whatever a msgstr must carry over from its msgid.
PLACEHOLDER = re.compile(r"%%|%\(\w+\)[sdifr]|%[sdifr]|\{\w*(?:[!:][^{}]*)?\}")

NAV_EN = ["Overview", "Steering committees", "Units", "People"]
NAV_VI = ["Tổng quan", "Ban chỉ đạo", "Đơn vị", "Cá nhân"]


def _catalog():
    with PO_FILE.open("rb") as fileobj:
        return read_po(fileobj, locale="en")


def _placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text))


def _label(message) -> str:
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return f"{message.context + ' | ' if message.context else ''}{msgid!r}"


def _nav_labels(html: str) -> list[str]:
    return re.findall(r'<a class="nav-link[^"]*"[^>]*>([^<]+)</a>', html)


def _assert_nav(html: str, expected: list[str], absent: list[str]) -> None:
    """The main navigation has these labels (later apps may add more) and none of the other language's."""
    labels = _nav_labels(html)
    assert [label for label in labels if label in expected] == expected, labels
    assert not set(labels) & set(absent), labels


# --- The .po file ----------------------------------------------------------------------------------


def test_po_header_is_english_with_two_plural_forms():
    catalog = _catalog()
    assert not catalog.fuzzy
    assert catalog.num_plurals == 2
    assert catalog.plural_expr.replace(" ", "") == "(n!=1)"
    assert catalog.mime_headers  # parsed, not empty
    assert dict(catalog.mime_headers)["Language"] == "en"


def test_po_has_no_untranslated_or_fuzzy_entries():
    catalog = _catalog()
    messages = [message for message in catalog if message.id]
    assert len(messages) > 200, "locale/en/LC_MESSAGES/django.po looks truncated"
    fuzzy = [_label(m) for m in messages if m.fuzzy]
    untranslated = [
        _label(m)
        for m in messages
        if not m.string or (isinstance(m.string, tuple) and not all(s.strip() for s in m.string))
    ]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    assert not untranslated, f"untranslated entries: {untranslated}"


def test_po_translations_keep_the_placeholders_of_their_msgid():
    problems = []
    for message in _catalog():
        if not message.id:
            continue
        if message.pluralizable:
            singular, plural = message.id
            pairs = [(singular if index == 0 else plural, form) for index, form in enumerate(message.string)]
        else:
            pairs = [(message.id, message.string)]
        for source, translation in pairs:
            if _placeholders(source) != _placeholders(translation):
                problems.append(f"{_label(message)} → {translation!r}")
    assert not problems, "placeholders differ:\n" + "\n".join(problems)


def test_po_plural_entries_have_both_english_forms():
    plural = [m for m in _catalog() if m.id and m.pluralizable]
    assert plural
    for message in plural:
        assert len(message.string) == 2, _label(message)


# --- The pages, in the compiled catalogue ----------------------------------------------------------


@pytest.fixture(scope="module")
def compiled_locale(tmp_path_factory) -> Path:
    """locale/en compiled with Babel into a temporary locale directory."""
    root = tmp_path_factory.mktemp("locale")
    target = root / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "django.mo").open("wb") as fileobj:
        write_mo(fileobj, _catalog())
    return root


@pytest.fixture
def english_catalog(compiled_locale):
    """Only the freshly compiled catalogue is on LOCALE_PATHS; Django's translation caches reset."""
    with override_settings(LOCALE_PATHS=[str(compiled_locale)]):
        yield


def _switch_to(client, language: str, next_url: str = "/"):
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    return response


def test_an_english_browser_still_gets_vietnamese_until_english_is_chosen(world, client_for, english_catalog):
    """Office computers often run an English browser: Accept-Language never switches the app's language."""
    client = client_for(world.secretariat)
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in html
    _assert_nav(html, NAV_VI, NAV_EN)
    _switch_to(client, "en")
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="vi-VN").content.decode()
    assert '<html lang="en">' in html
    _assert_nav(html, NAV_EN, NAV_VI)


def test_vietnamese_is_the_default(world, client_for, english_catalog):
    client = client_for(world.secretariat)
    html = client.get("/").content.decode()
    assert '<html lang="vi">' in html
    _assert_nav(html, NAV_VI, NAV_EN)
    assert "Đơn vị" in html
    assert "Units" not in html

    html = client.get("/org/organisations/").content.decode()
    _assert_nav(html, NAV_VI, NAV_EN)
    assert '<h1 class="h3 mb-0">Đơn vị</h1>' in html


def test_switching_to_english_translates_home_page(world, client_for, english_catalog):
    client = client_for(world.secretariat)
    _switch_to(client, "en")
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    _assert_nav(html, NAV_EN, NAV_VI)
    assert "Sign out" in html
    assert "Change password" in html
    assert "Secretariat (standing agency)" in html  # the role under the user menu
    assert "Đơn vị" not in html
    assert "Đăng xuất" not in html


def test_switching_to_english_translates_organisation_list(world, client_for, english_catalog):
    client = client_for(world.secretariat)
    _switch_to(client, "en", "/org/organisations/")
    html = client.get("/org/organisations/").content.decode()
    _assert_nav(html, NAV_EN, NAV_VI)
    assert '<h1 class="h3 mb-0">Units</h1>' in html
    assert "Add unit" in html
    assert "Unit type" in html
    assert re.search(r"\b\d+ units?\.", html), "the counted sentence is not in English"
    assert world.unit.name in html  # data stays as entered
    assert "Đơn vị" not in html


def test_switching_back_to_vietnamese(world, client_for, english_catalog):
    client = client_for(world.officer)
    _switch_to(client, "en")
    _assert_nav(client.get("/").content.decode(), NAV_EN, NAV_VI)
    _switch_to(client, "vi")
    _assert_nav(client.get("/").content.decode(), NAV_VI, NAV_EN)
