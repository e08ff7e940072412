"""Partner localities: a list kept as data in the repository, loaded by the migration and a command."""

import io
import re

import pytest
from django.core.management import call_command

from giaoban.delegations import countries, localities
from giaoban.delegations.models import Locality

pytestmark = pytest.mark.django_db


def test_the_data_file_lists_iso_3166_2_codes_of_known_countries_once_each():
    rows = localities.data_rows()
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes))
    for row in rows:
        assert re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", row["code"]), row
        assert row["code"].startswith(row["country"] + "-")
        assert row["country"] in countries.codes()
    names = {row["code"]: row["name"] for row in rows}
    assert (names["CN-GX"], names["CN-YN"]) == ("Quảng Tây", "Vân Nam")
    # The Lao and Cambodian provinces along the border are all there.
    assert sum(1 for row in rows if row["country"] == "LA" and row["border"]) == 10
    assert sum(1 for row in rows if row["country"] == "KH" and row["border"]) == 10


def test_the_migration_loaded_them_and_the_command_reloads_them():
    assert Locality.objects.filter(code="CN-GX", name="Quảng Tây", borders_viet_nam=True).exists()
    Locality.objects.filter(code="CN-GX").update(name="Quang Tay")  # as if edited by hand
    out = io.StringIO()
    call_command("load_localities", stdout=out)
    assert Locality.objects.get(code="CN-GX").name == "Quảng Tây"
    assert out.getvalue().strip() == f"{len(localities.data_rows())} địa phương đối tác."


def test_a_locality_is_found_by_name_without_accents_or_by_code():
    known = localities.names()
    assert localities.find("quang tay", known) == "CN-GX"
    assert localities.find("la-ho", known) == "LA-HO"
    assert localities.find("Atlantis", known) is None
