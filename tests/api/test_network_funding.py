# ruff: noqa: F811  (fixtures imported from test_network_writes)
"""A programme's funders, recorded indicators and targets on shares through the network's API: the same
services, messages and roles as the pages (coordinators only, as programmes)."""

import datetime
from decimal import Decimal

import pytest

from network import services as network_services
from network.models import Funding
from tests.api.conftest import api_client
from tests.api.test_network_writes import (  # noqa: F401 (fixtures)
    NETWORK,
    TODAY,
    _expected,
    _users,
    coordinator_api,
    errors_by_field,
    programme,
)


@pytest.fixture
def funding(programme):
    return network_services.funding_create(programme=programme, funder="FSE", kind="fse", share=Decimal("50"))


@pytest.fixture
def indicator(programme):
    return network_services.recorded_indicator_create(
        programme=programme, label="Courriers d'invitation envoyés", value=Decimal("15000"),
        date=TODAY - datetime.timedelta(days=1), source="service RSA",
    )  # fmt: skip


class TestRoles:
    def test_reads_and_writes_are_the_coordinators(self, programme, funding, indicator, referent_a, manager_a,
                                                   trainer, coordinator):  # fmt: skip
        users = {**_users(referent_a, trainer, coordinator), "manager": manager_a}
        reads = [f"/api/v1/fundings/?programme={programme.pk}", f"/api/v1/fundings/{funding.pk}/",
                 f"/api/v1/recorded-indicators/?programme={programme.pk}",
                 f"/api/v1/recorded-indicators/{indicator.pk}/"]  # fmt: skip
        for url in reads:
            for role, user in users.items():
                response = api_client(NETWORK, user).get(url)
                assert response.status_code == _expected(role, {"coordinator"}, 200), (url, role)
        day = (TODAY - datetime.timedelta(days=1)).isoformat()
        writes = [
            ("post", "/api/v1/fundings/", {"programme": programme.pk, "funder": "CAF", "kind": "caf"}, 201),
            ("patch", f"/api/v1/fundings/{funding.pk}/", {"share": "40"}, 200),
            ("post", "/api/v1/recorded-indicators/", {"programme": programme.pk, "label": "Connexions",
                                                      "value": "1200", "date": day, "source": "export"}, 201),
            ("patch", f"/api/v1/recorded-indicators/{indicator.pk}/", {"value": "15500"}, 200),
        ]  # fmt: skip
        for method, url, payload, success in writes:
            for role, user in users.items():
                response = getattr(api_client(NETWORK, user), method)(url, payload, format="json")
                assert response.status_code == _expected(role, {"coordinator"}, success), (url, role)
        for role, user in users.items():
            if role != "coordinator":
                assert api_client(NETWORK, user).delete(f"/api/v1/fundings/{funding.pk}/").status_code in (401, 403)
        assert Funding.objects.filter(pk=funding.pk).exists()

    def test_not_on_a_structure_host(self, structure_a, referent_a):
        assert api_client(structure_a.host, referent_a).get("/api/v1/fundings/").status_code == 404


class TestFundings:
    def test_create_update_delete_and_the_programme_shows_them(self, coordinator_api, programme):
        response = coordinator_api.patch(
            f"/api/v1/programmes/{programme.pk}/",
            {"budget": "259050.00", "report_notes": "51 annoncées.", "age_bands": [25, 45]},
            format="json",
        )
        assert response.status_code == 200, response.content
        created = coordinator_api.post(
            "/api/v1/fundings/",
            {"programme": programme.pk, "funder": "CCAS de Bagnolet", "kind": "fonds_propres", "amount": "129525"},
            format="json",
        )
        assert created.status_code == 201, created.content
        body = created.json()
        assert (body["funder"], body["kind"], body["amount"], body["share"]) == (
            "CCAS de Bagnolet", "fonds_propres", "129525.00", None,
        )  # fmt: skip
        updated = coordinator_api.patch(f"/api/v1/fundings/{body['id']}/", {"share": "50"}, format="json")
        assert updated.status_code == 200 and updated.json()["share"] == "50.00"
        assert updated.json()["amount"] == "129525.00"  # a PATCH changes only what it sends
        programme_body = coordinator_api.get(f"/api/v1/programmes/{programme.pk}/").json()
        assert (programme_body["budget"], programme_body["report_notes"], programme_body["age_bands"]) == (
            "259050.00", "51 annoncées.", [25, 45],
        )  # fmt: skip
        assert [f["funder"] for f in programme_body["fundings"]] == ["CCAS de Bagnolet"]
        assert programme_body["funders"] == [{"name": "CCAS de Bagnolet", "share": 50.0}]
        listed = coordinator_api.get("/api/v1/fundings/", {"programme": programme.pk}).json()["results"]
        assert [f["id"] for f in listed] == [body["id"]]
        assert coordinator_api.delete(f"/api/v1/fundings/{body['id']}/").status_code == 204
        assert not Funding.objects.filter(pk=body["id"]).exists()

    def test_french_messages(self, coordinator_api, programme, funding):
        network_services.programme_update(programme=programme, budget=Decimal("1000"))
        response = coordinator_api.post(
            "/api/v1/fundings/", {"programme": programme.pk, "funder": "Région", "share": "60"}, format="json"
        )
        assert response.status_code == 400
        assert errors_by_field(response) == {"share": "Les parts des financeurs dépassent 100 % au total."}
        response = coordinator_api.post(
            "/api/v1/fundings/", {"programme": programme.pk, "funder": "Région", "amount": "1200"}, format="json"
        )
        assert errors_by_field(response) == {
            "amount": "Les montants des financeurs (1 200,00 €) dépassent le budget du programme (1 000,00 €)."
        }
        response = coordinator_api.patch(f"/api/v1/fundings/{funding.pk}/", {"funder": " "}, format="json")
        assert errors_by_field(response) == {"funder": "Indiquez le nom du financeur."}
        response = coordinator_api.patch(f"/api/v1/programmes/{programme.pk}/", {"age_bands": [45, 25]}, format="json")
        assert errors_by_field(response) == {
            "age_bands": "Les bornes des tranches d'âge sont croissantes, chacune entre 1 et 120."
        }
        assert list(programme.fundings.values_list("funder", "share")) == [("FSE", Decimal("50.00"))]


class TestRecordedIndicators:
    def test_create_with_a_structure_update_and_delete(self, coordinator_api, programme, structure_a):
        payload = {"programme": programme.pk, "structure": structure_a.pk, "label": "Connexions e-learning",
                   "value": "1200", "unit": "connexions", "date": (TODAY - datetime.timedelta(days=2)).isoformat(),
                   "source": "export de la plateforme", "target": "1500"}  # fmt: skip
        created = coordinator_api.post("/api/v1/recorded-indicators/", payload, format="json")
        assert created.status_code == 201, created.content
        body = created.json()
        assert (body["structure"], body["value"], body["target"], body["source"]) == (
            structure_a.pk, "1200.00", "1500.00", "export de la plateforme",
        )  # fmt: skip
        updated = coordinator_api.patch(f"/api/v1/recorded-indicators/{body['id']}/", {"structure": None},
                                        format="json")  # fmt: skip
        assert updated.status_code == 200 and updated.json()["structure"] is None
        listed = coordinator_api.get("/api/v1/recorded-indicators/", {"programme": programme.pk}).json()["results"]
        assert [i["label"] for i in listed] == ["Connexions e-learning"]
        assert coordinator_api.delete(f"/api/v1/recorded-indicators/{body['id']}/").status_code == 204
        assert not programme.recorded_indicators.exists()

    def test_french_messages(self, coordinator_api, programme, structure_b):
        base = {"programme": programme.pk, "label": "Courriers", "value": "10",
                "date": (TODAY - datetime.timedelta(days=2)).isoformat()}  # fmt: skip
        response = coordinator_api.post("/api/v1/recorded-indicators/", base, format="json")
        assert errors_by_field(response) == {
            "source": "Indiquez la source de ce chiffre : d'où il vient (un service partenaire, un export…)."
        }
        response = coordinator_api.post(
            "/api/v1/recorded-indicators/", {**base, "source": "RSA", "structure": structure_b.pk}, format="json"
        )
        assert errors_by_field(response) == {"structure": "Cette structure ne participe pas à ce programme."}
        response = coordinator_api.post(
            "/api/v1/recorded-indicators/",
            {**base, "source": "RSA", "date": (TODAY + datetime.timedelta(days=2)).isoformat()},
            format="json",
        )
        assert errors_by_field(response) == {"date": "Un chiffre se saisit à une date déjà passée."}
        assert not programme.recorded_indicators.exists()


class TestShareTargets:
    def test_new_indicators_and_a_share_is_a_percent(self, coordinator_api, programme):
        for indicator in ("autonomous_share", "qpv_share", "women_share", "referred", "devices", "awareness_invited"):
            response = coordinator_api.post(
                "/api/v1/targets/", {"programme": programme.pk, "indicator": indicator, "value": 80}, format="json"
            )
            assert response.status_code == 201, (indicator, response.content)
        response = coordinator_api.post(
            "/api/v1/targets/", {"programme": programme.pk, "indicator": "qpv_share", "value": 150}, format="json"
        )
        assert errors_by_field(response) == {"value": "L'objectif d'une part est un pourcentage entre 1 et 100."}
        response = coordinator_api.post(
            "/api/v1/targets/", {"programme": programme.pk, "indicator": "devices", "value": 150}, format="json"
        )
        assert response.status_code == 201
