"""The directory of bodies: search and lookup through accents, case and abbreviations, the duplicate
check, the organisations API (list, add, edit, reorganise)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from giaoban.api.testing import bearer
from giaoban.org import selectors, services
from giaoban.org.models import Organisation, OrganisationKind, OrganisationLevel, Reorganisation

pytestmark = pytest.mark.django_db

API = "/api/v1"
K, L = OrganisationKind, OrganisationLevel


def _body(name: str, short_name: str = "", aliases: tuple[str, ...] = (), **kwargs) -> Organisation:
    return services.organisation_create(
        actor=None,
        name=name,
        short_name=short_name,
        aliases="\n".join(aliases),
        kind=kwargs.pop("kind", K.DEPARTMENT),
        **kwargs,
    )


@pytest.fixture
def province(world):
    """The province's own bodies beside the world's committee units, as the demo names them."""
    return {
        "hdnd": _body("Hội đồng nhân dân tỉnh Lạng Sơn", "HĐND tỉnh", kind=K.PEOPLES_COUNCIL),
        "ubnd": _body(
            "Ủy ban nhân dân tỉnh Lạng Sơn", "UBND tỉnh", ("UBND tỉnh Lạng Sơn",), kind=K.PEOPLES_COMMITTEE
        ),
        "ubnd_cb": _body("Ủy ban nhân dân tỉnh Cao Bằng", "UBND tỉnh Cao Bằng", level=L.OTHER_PROVINCE),
        "bdbp": _body(
            "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
            "BĐBP",
            ("BCH Bộ đội Biên phòng tỉnh",),
            kind=K.ARMED_FORCES,
        ),
        "ttt": _body("Sở Thông tin và Truyền thông", "STTTT", ("Sở TT&TT",)),
        "vhttdl": _body("Sở Văn hóa, Thể thao và Du lịch"),
        "tinh_uy": _body("Tỉnh ủy Lạng Sơn", "Tỉnh ủy", kind=K.PARTY),
        "tan_thanh": _body(
            "Xã Tân Thanh",
            aliases=("UBND xã Tân Thanh",),
            kind=K.LOCALITY,
            level=L.COMMUNE,
            start_date=dt.date(2025, 7, 1),
        ),
    }


# --- Search ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("hdnd tinh", "hdnd"),
        ("HĐND TỈNH", "hdnd"),
        ("Hội đồng nhân dân tỉnh Lạng Sơn", "hdnd"),
        ("hoi dong nhan dan", "hdnd"),
        ("BĐBP", "bdbp"),
        ("bdbp", "bdbp"),
        ("BCH Bộ đội Biên phòng tỉnh", "bdbp"),
        ("bien phong", "bdbp"),
        ("TP Lạng Sơn", None),
        ("Sở TT&TT", "ttt"),
        ("so thong tin", "ttt"),
        ("Sở VHTTDL", "vhttdl"),
        ("van hoa the thao", "vhttdl"),
        ("tan thanh", "tan_thanh"),
    ],
)
def test_search_ignores_accents_case_and_abbreviations(world, province, query, key):
    """Each query finds its body first; "TP Lạng Sơn" finds the world's "Thành phố Lạng Sơn"."""
    expected = province[key] if key else world.other_unit
    found = list(selectors.organisation_search(query))
    assert found and found[0] == expected, (query, [o.name for o in found])


def test_search_puts_the_body_named_exactly_first(world, province):
    """ "UBND tỉnh" also matches the UBND of Cao Bằng: the one named so comes first."""
    found = list(selectors.organisation_search("UBND tỉnh"))
    assert found[:2] == [province["ubnd"], province["ubnd_cb"]]


def test_search_and_pickers_offer_only_bodies_active_on_the_date(world, province):
    assert province["tan_thanh"] not in selectors.organisation_search("tan thanh", on=dt.date(2017, 7, 26))
    assert province["tan_thanh"] in selectors.organisation_search("tan thanh", on=dt.date(2025, 7, 1))
    assert province["tan_thanh"] not in selectors.organisations_active(dt.date(2017, 7, 26))
    kept = selectors.organisations_active(dt.date(2017, 7, 26), keep=[province["tan_thanh"].pk])
    assert province["tan_thanh"] in kept


# --- Lookup of names written in directives ----------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("UBND tỉnh", "ubnd"),
        ("Ủy ban nhân dân tỉnh", "ubnd"),
        ("UBND Tỉnh Lạng Sơn", "ubnd"),
        ("HĐND tỉnh", "hdnd"),
        ("Hội đồng nhân dân tỉnh Lạng Sơn", "hdnd"),
        ("BCH Bộ đội Biên phòng tỉnh", "bdbp"),
        ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lạng Sơn", "bdbp"),
        ("BĐBP", "bdbp"),
        ("Sở TT&TT", "ttt"),
        ("Sở Thông tin và Truyền thông tỉnh Lạng Sơn", "ttt"),
        ("Sở Văn hóa Thể thao và Du lịch", "vhttdl"),
        ("UBND xã Tân Thanh", "tan_thanh"),
        ("xã Tân Thanh", "tan_thanh"),
        ("TU Lạng Sơn", "tinh_uy"),
    ],
)
def test_lookup_finds_the_body_a_directive_names(world, province, written, key):
    assert selectors.organisation_lookup(written) == province[key]


def test_lookup_answers_none_when_no_body_or_several_could_be_meant(world, province):
    assert selectors.organisation_lookup("Sở Tư pháp") is None
    assert selectors.organisation_lookup("") is None
    _body("Ủy ban nhân dân tỉnh", confirm_duplicate=True, kind=K.PEOPLES_COMMITTEE)
    assert selectors.organisation_lookup("UBND tỉnh") is None
    assert selectors.organisation_lookup("TP Lạng Sơn") == world.other_unit


def test_lookup_on_a_date_skips_bodies_not_active_then(world, province):
    assert selectors.organisation_lookup("xã Tân Thanh", on=dt.date(2017, 7, 26)) is None
    assert selectors.organisation_lookup("xã Tân Thanh", on=dt.date(2025, 8, 1)) == province["tan_thanh"]


# --- Duplicates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["UBND Tỉnh Lạng Sơn", "ủy ban nhân dân tỉnh lạng sơn", "Uy ban nhan dan tinh Lang Son", "UBND tỉnh"],
)
def test_a_name_already_in_the_directory_is_refused_unless_confirmed(world, province, name):
    before = Organisation.objects.count()
    with pytest.raises(ValidationError) as error:
        services.organisation_create(actor=None, name=name, kind=K.PEOPLES_COMMITTEE)
    (message,) = error.value.message_dict["name"]
    assert message.startswith("Đã có “Ủy ban nhân dân tỉnh Lạng Sơn”")
    assert province["ubnd"].get_absolute_url() in message
    assert Organisation.objects.count() == before
    services.organisation_create(actor=None, name=name, kind=K.PEOPLES_COMMITTEE, confirm_duplicate=True)
    assert Organisation.objects.count() == before + 1


def test_renaming_onto_another_bodys_name_is_refused(world, province):
    with pytest.raises(ValidationError):
        services.organisation_update(actor=None, organisation=province["vhttdl"], name="Sở TT&TT")
    # Its own name in another spelling is no duplicate.
    services.organisation_update(
        actor=None, organisation=province["ttt"], name="Sở Thông tin và Truyền Thông"
    )


# --- API ------------------------------------------------------------------------------------------


def _items(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def test_api_lists_the_whole_directory_with_its_filters(client, world, province):
    headers = bearer(world.secretariat)
    names = _items(client.get(f"{API}/organisations", {"q": "hdnd tinh"}, headers=headers))
    assert names == ["Hội đồng nhân dân tỉnh Lạng Sơn"]
    body = client.get(f"{API}/organisations", {"q": "BĐBP"}, headers=headers).json()["items"][0]
    assert body["aliases"] == ["BCH Bộ đội Biên phòng tỉnh"]
    assert (body["level"], body["level_label"]) == ("province", "Tỉnh")
    assert _items(client.get(f"{API}/organisations", {"kind": "peoples_council"}, headers=headers)) == [
        "Hội đồng nhân dân tỉnh Lạng Sơn"
    ]
    members = _items(client.get(f"{API}/organisations", {"committee": world.committee.pk}, headers=headers))
    assert "Hội đồng nhân dân tỉnh Lạng Sơn" not in members and "Sở Ngoại vụ" in members
    old = _items(client.get(f"{API}/organisations", {"q": "xa", "active_on": "2017-07-26"}, headers=headers))
    assert "Xã Tân Thanh" not in old
    new = _items(client.get(f"{API}/organisations", {"q": "xa", "active_on": "2025-07-01"}, headers=headers))
    assert "Xã Tân Thanh" in new
    # A unit officer keeps their committees' units only.
    officer = _items(client.get(f"{API}/organisations", {"q": "hdnd"}, headers=bearer(world.officer)))
    assert officer == []


def test_api_adds_a_body_refusing_a_duplicate_until_confirmed(client, world, province):
    headers = bearer(world.secretariat)
    payload = {"name": "Hội đồng nhân dân Tỉnh Lạng Sơn", "kind": "peoples_council"}
    response = client.post(f"{API}/organisations", payload, content_type="application/json", headers=headers)
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"] == "name" and error["code"] == "duplicate"
    assert error["message"].startswith("Đã có “Hội đồng nhân dân tỉnh Lạng Sơn”")
    response = client.post(
        f"{API}/organisations",
        {"name": "Xã Đồng Đăng", "kind": "locality", "level": "commune", "aliases": ["UBND xã Đồng Đăng"]},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201, response.content
    assert response.json()["aliases"] == ["UBND xã Đồng Đăng"]
    assert selectors.organisation_lookup("UBND xã Đồng Đăng").pk == response.json()["id"]
    response = client.post(
        f"{API}/organisations",
        {**payload, "confirm_duplicate": True},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201
    # Only the secretariat keeps the directory.
    response = client.post(
        f"{API}/organisations",
        {"name": "Xã Mới", "kind": "locality"},
        content_type="application/json",
        headers=bearer(world.leader),
    )
    assert response.status_code == 403


def test_api_edits_a_body_with_its_version(client, world, province):
    headers = bearer(world.secretariat)
    url = f"{API}/organisations/{province['hdnd'].pk}"
    response = client.patch(
        url, {"aliases": ["HĐND tỉnh Lạng Sơn"]}, content_type="application/json", headers=headers
    )
    assert response.status_code == 422
    response = client.patch(
        url,
        {"version": 1, "aliases": ["HĐND tỉnh Lạng Sơn"]},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200 and response.json()["version"] == 2
    response = client.patch(
        url, {"version": 1, "phone": "0205"}, content_type="application/json", headers=headers
    )
    assert response.status_code == 409


def test_api_reorganises_a_body_into_a_renamed_one(client, world, province):
    headers = bearer(world.secretariat)
    response = client.post(
        f"{API}/organisations/{province['ttt'].pk}/reorganise",
        {
            "kind": "rename",
            "date": "2025-03-01",
            "new_name": "Sở Khoa học và Công nghệ",
            "decision": "Nghị quyết số 1",
        },
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [o["name"] for o in body["predecessors"]] == ["Sở Thông tin và Truyền thông"]
    assert [o["name"] for o in body["successors"]] == ["Sở Khoa học và Công nghệ"]
    old = Organisation.objects.get(pk=province["ttt"].pk)
    new = Organisation.objects.get(name="Sở Khoa học và Công nghệ")
    assert old.end_date == dt.date(2025, 2, 28) and new.start_date == dt.date(2025, 3, 1)
    assert Reorganisation.objects.get().decision == "Nghị quyết số 1"
    # A merge needs exactly one successor; bad input changes nothing.
    response = client.post(
        f"{API}/organisations/{province['vhttdl'].pk}/reorganise",
        {"kind": "merge", "date": "2025-07-01", "successors": [province["hdnd"].pk, province["ubnd"].pk]},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "successors"
    assert Organisation.objects.get(pk=province["vhttdl"].pk).end_date is None
    # A new name the directory already has: choose that body as the successor instead.
    response = client.post(
        f"{API}/organisations/{province['vhttdl'].pk}/reorganise",
        {"kind": "rename", "date": "2025-07-01", "new_name": "UBND tỉnh"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "new_name"
    assert response.json()["errors"][0]["message"].startswith("Đã có “Ủy ban nhân dân tỉnh Lạng Sơn”")


def test_secretariat_merges_a_body_on_the_page(client_for, world, province):
    client = client_for(world.secretariat)
    url = f"/org/organisations/{province['vhttdl'].pk}/reorganise/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"kind": "merge", "on": "2025-07-01", "successors": [province["ttt"].pk], "decision": "QĐ 1"}
    )
    assert response.status_code == 302 and response["Location"] == province["ttt"].get_absolute_url()
    page = client.get(province["vhttdl"].get_absolute_url()).content.decode()
    assert "Sáp nhập" in page and "Sở Thông tin và Truyền thông" in page
    assert client_for(world.leader).get(url).status_code == 403
