"""The delegations API: same visibility as the pages, the article's figures, bounded queries."""

import datetime as dt

import pytest
from django.urls import reverse

from giaoban.api.testing import bearer, count_queries
from giaoban.delegations.models import Delegation, Direction, Purpose, Status
from giaoban.delegations.tests.factories import DelegationFactory
from giaoban.delegations.tests.test_demo import DEMO_SENTENCE, load_demo
from giaoban.org.models import Committee, User

pytestmark = pytest.mark.django_db

API = "/api/v1/delegations"


@pytest.fixture
def register(world):
    return {
        "mine": DelegationFactory(lead_unit=world.unit, name="Đoàn Sở Ngoại vụ", countries=["CN", "LA"]),
        "theirs": DelegationFactory(
            lead_unit=world.other_unit, name="Đoàn Thành phố", direction=Direction.INBOUND, countries=["KR"]
        ),
    }


def test_the_demo_stats_for_the_first_half_of_2017_are_the_articles(client, db):
    load_demo()
    for user in ("thuky", "lanhdao"):
        response = client.get(
            f"{API}/stats?date_from=2017-01-01&date_to=2017-06-30",
            headers=bearer(User.objects.get(username=user)),
        )
        assert response.status_code == 200
        body = response.json()
        assert (body["outbound"]["delegations"], body["outbound"]["countries"]) == (29, 12)
        assert (body["inbound"]["delegations"], body["inbound"]["countries"]) == (32, 9)
        assert body["sentence"] == DEMO_SENTENCE
        assert {"by_country", "by_purpose", "by_unit", "by_month"} <= body.keys()
    committee = Committee.objects.get(short_name="BCĐ TTĐN")
    body = client.get(
        f"{API}/stats?date_from=2017-01-01&date_to=2017-06-30&committee={committee.pk}",
        headers=bearer(User.objects.get(username="thuky")),
    ).json()
    assert (body["outbound"]["delegations"], body["inbound"]["countries"]) == (29, 9)


def test_the_demo_stats_page_shows_the_same(client, db):
    load_demo()
    client.force_login(User.objects.get(username="thuky"))
    html = client.get(
        reverse("delegations:delegation-stats"), {"date_from": "2017-01-01", "date_to": "2017-06-30"}
    )
    text = html.content.decode()
    assert 'id="outbound-delegations">29<' in text and 'id="outbound-countries">12<' in text
    assert 'id="inbound-delegations">32<' in text and 'id="inbound-countries">9<' in text
    assert DEMO_SENTENCE in text


def test_stats_for_a_committee_the_caller_is_not_in_answer_404(client, world):
    response = client.get(
        f"{API}/stats?committee={world.other_committee.pk}", headers=bearer(world.secretariat)
    )
    assert response.status_code == 404


def test_a_reversed_period_answers_422(client, world):
    response = client.get(
        f"{API}/stats?date_from=2017-06-30&date_to=2017-01-01", headers=bearer(world.secretariat)
    )
    assert response.status_code == 422


def test_stats_queries_do_not_grow_with_the_data(client, world, register):
    url = f"{API}/stats?date_from=2017-01-01&date_to=2017-12-31"
    headers = bearer(world.secretariat)
    client.get(url, headers=headers)  # the token's first use records its time
    few = count_queries(client, url, headers)
    for code in ("DE", "FR", "JP"):
        DelegationFactory(lead_unit=world.other_unit, countries=[code])
    assert count_queries(client, url, headers) == few <= 8


def test_the_list_shows_what_the_pages_show(client, world, register):
    def names(user, query=""):
        return [d["name"] for d in client.get(f"{API}{query}", headers=bearer(user)).json()["items"]]

    assert sorted(names(world.secretariat)) == ["Đoàn Sở Ngoại vụ", "Đoàn Thành phố"]
    assert names(world.officer) == ["Đoàn Sở Ngoại vụ"]
    assert names(world.secretariat, "?country=kr") == ["Đoàn Thành phố"]
    assert names(world.secretariat, "?q=so%20ngoai%20vu") == ["Đoàn Sở Ngoại vụ"]
    assert names(world.secretariat, "?status=overdue") != []
    item = client.get(API, headers=bearer(world.officer)).json()["items"][0]
    assert [c["name"] for c in item["countries"]] == ["Trung Quốc", "Lào"]
    assert item["direction_label"] == "Đoàn ra" and item["lead_unit"]["name"] == "Sở Ngoại vụ"


def test_list_queries_do_not_grow_with_the_page(client, world, register):
    headers = bearer(world.secretariat)
    client.get(API, headers=headers)  # the token's first use records its time
    few = count_queries(client, API, headers)
    for _ in range(10):
        DelegationFactory(
            lead_unit=world.unit, countries=["CN", "TW"], purposes=[Purpose.SURVEY, Purpose.TALKS]
        )
    assert count_queries(client, API, headers) == few <= 6


def test_a_unit_officer_gets_404_for_another_units_delegation(client, world, register):
    response = client.get(f"{API}/{register['theirs'].pk}", headers=bearer(world.officer))
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy."}
    response = client.get(f"{API}/{register['mine'].pk}", headers=bearer(world.officer))
    assert response.status_code == 200
    assert response.json()["report_due_date"] == "2017-03-19"


def _payload(unit, **changes):
    payload = {
        "direction": "outbound",
        "name": "Đoàn khảo sát tại Nhật Bản",
        "lead_unit": unit.pk,
        "member_count": 4,
        "countries": ["JP"],
        "purposes": ["survey"],
        "start_date": "2017-09-01",
        "end_date": "2017-09-05",
    }
    payload.update(changes)
    return payload


def test_a_delegation_registered_before_its_list_is_final_has_no_member_count(client, world):
    payload = _payload(world.unit)
    del payload["member_count"]
    response = client.post(API, payload, content_type="application/json", headers=bearer(world.officer))
    assert response.status_code == 201, response.json()
    assert response.json()["member_count"] is None


def test_an_officer_registers_through_the_api_only_for_their_unit(client, world):
    headers = bearer(world.officer)
    response = client.post(API, _payload(world.unit), content_type="application/json", headers=headers)
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == Status.PLANNED
    response = client.post(API, _payload(world.other_unit), content_type="application/json", headers=headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "lead_unit"
    assert Delegation.objects.count() == 1


def test_the_api_rejects_end_before_start_and_unknown_countries(client, world):
    headers = bearer(world.secretariat)
    response = client.post(
        API, _payload(world.unit, end_date="2017-08-01"), content_type="application/json", headers=headers
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."
    response = client.post(
        API, _payload(world.unit, countries=["XX"]), content_type="application/json", headers=headers
    )
    assert response.status_code == 422
    assert not Delegation.objects.exists()


def test_leaders_cannot_register(client, world):
    response = client.post(
        API, _payload(world.unit), content_type="application/json", headers=bearer(world.leader)
    )
    assert response.status_code == 403


def test_missing_reports(client, world, register):
    DelegationFactory(lead_unit=world.unit, name="Đã báo cáo", status=Status.REPORTED)
    items = client.get(f"{API}/missing-reports", headers=bearer(world.secretariat)).json()["items"]
    assert {item["name"] for item in items} == {"Đoàn Sở Ngoại vụ", "Đoàn Thành phố"}
    assert all(item["report_overdue"] for item in items)


def test_an_admin_reads_every_delegation(client, world, register):
    items = client.get(API, headers=bearer(world.admin)).json()["items"]
    assert len(items) == 2
    assert dt.date.fromisoformat(items[0]["start_date"])


# --- Issue 14: kinds, localities, participants, history, reported totals ---------------------------


def test_stats_give_people_kinds_levels_localities_and_reported_totals(client, world):
    DelegationFactory(
        lead_unit=world.unit,
        kind="border",
        countries=["CN"],
        localities=["CN-GX"],
        start_date=dt.date(2017, 2, 1),
    )
    DelegationFactory(
        lead_unit=world.unit, level="high", countries=["CN"], localities=["CN-YN"], start_date=dt.date(2017, 3, 1),
        member_count=None,
    )  # fmt: skip
    response = client.post(
        f"{API}/reported-totals",
        {
            "unit": world.unit.pk,
            "date_from": "2017-01-01",
            "date_to": "2017-06-30",
            "direction": "inbound",
            "category": "tourism",
            "delegations": 293,
        },
        content_type="application/json",
        headers=bearer(world.officer),
    )
    assert response.status_code == 201, response.content[:3000]
    assert response.json()["delegations"] == 293
    body = client.get(
        f"{API}/stats?date_from=2017-01-01&date_to=2017-06-30", headers=bearer(world.secretariat)
    ).json()
    assert (body["people"], body["people_known"]) == (5, False)
    assert {row["kind"]: row["delegations"] for row in body["by_kind"]} == {
        "outbound": 1,
        "inbound": 293,
        "border": 1,
        "escort": 0,
    }
    assert [(row["level"], row["outbound"]) for row in body["by_level"]] == [("", 0), ("high", 1)]
    assert [(row["code"], row["border"], row["outbound"]) for row in body["by_locality"]] == [
        ("CN-GX", 1, 0),
        ("CN-YN", 0, 1),
    ]
    assert body["reported_totals"]["delegations"] == 293
    assert body["reported_totals"]["items"][0]["category"] == "tourism"
    assert "293 đoàn khách du lịch quốc tế" in body["sentence"]


def test_the_api_registers_a_joint_delegation_and_a_past_one(client, world):
    payload = _payload(
        world.unit,
        countries=["CN"],
        localities=["CN-GX"],
        level="province",
        participating_units=[world.other_unit.pk],
        historical=True,
        status="reported",
        report_text="Đã hoàn thành.",
        report_date="2017-09-20",
        approval_number="12/QĐ-UBND",
    )
    response = client.post(API, payload, content_type="application/json", headers=bearer(world.secretariat))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["historical"], body["report_overdue"]) == ("reported", True, False)
    assert body["localities"] == ["CN-GX"]
    assert [unit["id"] for unit in body["participating_units"]] == [world.other_unit.pk]
    seen = client.get(f"{API}/{body['id']}", headers=bearer(world.other_officer))
    assert seen.status_code == 200


def test_the_api_refuses_an_unknown_locality(client, world):
    response = client.post(
        API,
        _payload(world.unit, localities=["CN-XX"]),
        content_type="application/json",
        headers=bearer(world.secretariat),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "localities"
    assert not Delegation.objects.exists()


def test_reported_totals_are_listed_by_visibility_and_removed_by_their_unit(client, world):
    from giaoban.delegations import services

    mine = services.reported_total_create(
        actor=None, unit=world.unit, date_from=dt.date(2017, 1, 1), date_to=dt.date(2017, 6, 30),
        direction=Direction.INBOUND, delegations=293,
    )  # fmt: skip
    theirs = services.reported_total_create(
        actor=None, unit=world.other_unit, date_from=dt.date(2017, 1, 1), date_to=dt.date(2017, 6, 30),
        direction=Direction.OUTBOUND, delegations=7, people=40,
    )  # fmt: skip
    url = f"{API}/reported-totals"
    listed = client.get(url, headers=bearer(world.officer)).json()["items"]
    assert [item["id"] for item in listed] == [mine.pk]
    assert (
        len(client.get(f"{url}?date_from=2017-01-01", headers=bearer(world.secretariat)).json()["items"]) == 2
    )
    assert client.delete(f"{url}/{theirs.pk}", headers=bearer(world.officer)).status_code == 404
    assert client.delete(f"{url}/{mine.pk}", headers=bearer(world.leader)).status_code == 403
    assert client.delete(f"{url}/{mine.pk}", headers=bearer(world.officer)).status_code == 204
    assert [item["id"] for item in client.get(url, headers=bearer(world.secretariat)).json()["items"]] == [
        theirs.pk
    ]
