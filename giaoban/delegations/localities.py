"""Partner localities below country level (Quảng Tây, Vân Nam, the Lao and Cambodian provinces along the
border), kept as data in data/localities.json and loaded into the Locality table.

Codes are ISO 3166-2 ("CN-GX"); a delegation stores them like its countries, sorted and
comma-separated. Names are written as provincial reports write them: "Quảng Tây (Trung Quốc)".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from giaoban.core.vietnamese import join_vietnamese, search_key

from . import countries

DATA_FILE = Path(__file__).resolve().parent / "data" / "localities.json"


def data_rows() -> list[dict[str, Any]]:
    """The list as kept in the repository, in its order."""
    with DATA_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


def load(model: Any) -> int:
    """Write the data file into `model` (the Locality model, or its historical version in a migration);
    returns how many rows it holds. Rows no longer in the file are kept: delegations may name them."""
    for position, row in enumerate(data_rows()):
        model.objects.update_or_create(
            code=row["code"],
            defaults={
                "country_code": row["country"],
                "name": row["name"],
                "borders_viet_nam": row.get("border", False),
                "position": position,
            },
        )
    return model.objects.count()


def names(codes: list[str] | tuple[str, ...] | None = None) -> dict[str, tuple[str, str]]:
    """{code: (name, country code)} for the given codes (all when None), in one query."""
    from .models import Locality

    rows = Locality.objects.all() if codes is None else Locality.objects.filter(code__in=list(codes))
    return {code: (name, country) for code, name, country in rows.values_list("code", "name", "country_code")}


def phrase(locality_names: list[str], country_code: str) -> str:
    """ "Quảng Tây và Vân Nam (Trung Quốc)": one country's localities, as a report names them."""
    return f"{join_vietnamese(locality_names)} ({countries.document_name(country_code)})"


def find(text: str, known: dict[str, tuple[str, str]]) -> str | None:
    """The code for a locality's name or code, accents and case aside; None if unknown."""
    key = search_key(text).strip()
    for code, (name, _country) in known.items():
        if key in (search_key(code), search_key(name)):
            return code
    return None
