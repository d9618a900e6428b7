import csv
import datetime
import io
import json
from pathlib import Path

import pytest

from network import services
from network.enums import Indicator
from network.models import Programme
from network.selectors import target_progress
from tests.conftest import host_client, page_text
from training.services.activities import activity_create
from training.services.people import beneficiary_create

LAMEDNUM = Path(__file__).resolve().parents[2].parent / "shared" / "domain" / "standards" / "lamednum"
SECRET_LABEL = "Ginette Secretname"


@pytest.fixture
def logged(programme, structure_a, structure_b, today):
    """Two structures in the programme, with activities and a followed person with a name."""
    for s in (structure_a, structure_b):
        services.coaching_plan_create(programme=programme, structure=s, start=programme.start)
    person = beneficiary_create(structure=structure_a, label=SECRET_LABEL, gender="feminin", birth_year=today.year - 62)
    activity_create(
        structure=structure_a, user=None, kind="workshop", date=today - datetime.timedelta(days=2),
        duration_minutes=90, beneficiaries=[person], anonymous_total=3, themes=["securite_numerique"],
        anonymous_breakdown={"gender": {"masculin": 3}},
    )  # fmt: skip
    activity_create(
        structure=structure_b, user=None, kind="dropin", date=today - datetime.timedelta(days=40),
        duration_minutes=30, anonymous_total=1, themes=["email"],
    )  # fmt: skip
    return person


class TestDashboard:
    def test_figures_with_their_definitions(self, coordinator_client, logged, programme):
        response = coordinator_client.get("/reseau/", {"programme": programme.pk})
        assert response.status_code == 200
        text = page_text(response)
        assert "Personnes accompagnées" in text
        assert "une personne est comptée une fois par structure" in text
        assert "Activités par mois et par structure" in text
        assert "Afficher le tableau de données" in text

    def test_filters_by_structure_and_kind(self, coordinator_client, logged, structure_a, structure_b):
        response = coordinator_client.get("/reseau/", {"structures": [structure_b.pk], "kinds": ["dropin"]})
        assert response.context["figures"].activities["total"] == 1
        assert response.context["figures"].activities["workshop"] == 0
        response = coordinator_client.get("/reseau/", {"structures": [structure_a.pk]})
        assert response.context["figures"].people == 4

    def test_bad_filters_get_french_messages_not_errors(self, coordinator_client, logged):
        response = coordinator_client.get("/reseau/", {"start": "2024-05-01", "end": "2024-01-01", "kinds": ["x"]})
        assert response.status_code == 200
        text = page_text(response)
        assert "Le début de la période doit précéder sa fin." in text
        response = coordinator_client.get("/reseau/", {"start": "n'importe quoi", "programme": "abc"})
        assert response.status_code == 200
        assert "Saisissez une date valide" in page_text(response)

    def test_every_table_exports(self, coordinator_client, logged):
        for table in ("figures", "gender", "age_bands", "status", "themes", "activities", "monthly"):
            for file_format in ("csv", "xlsx"):
                response = coordinator_client.get("/reseau/", {"table": table, "format": file_format})
                assert response.status_code == 200, table
        assert coordinator_client.get("/reseau/", {"table": "nope", "format": "csv"}).status_code == 404

    def test_trainer_sees_it_referent_and_anonymous_do_not(self, trainer, referent_a, network_client, logged):
        assert host_client("localhost", trainer).get("/reseau/").status_code == 200
        assert host_client("localhost", referent_a).get("/reseau/").status_code == 403
        assert network_client.get("/reseau/").status_code == 302

    def test_the_network_host_only(self, structure_a, coordinator):
        assert host_client(structure_a.host, coordinator).get("/reseau/").status_code in (403, 404)


def test_no_name_of_a_person_accompanied_anywhere(coordinator_client, logged, programme):
    pages = ["/reseau/", f"/reseau/programmes/{programme.pk}/bilan/", f"/reseau/programmes/{programme.pk}/",
             "/reseau/accompagnement/", "/reseau/formations/", "/structures/", "/structures/lieux.csv"]  # fmt: skip
    for url in pages:
        response = coordinator_client.get(url)
        assert response.status_code == 200, url
        assert SECRET_LABEL not in response.content.decode(), url
        for file_format in ("csv", "xlsx"):
            export = coordinator_client.get(url, {"format": file_format})
            assert SECRET_LABEL.encode() not in export.content, url
    for path in ("/api/v1/", "/api/"):
        response = coordinator_client.get(path)
        assert SECRET_LABEL not in response.content.decode(errors="ignore")


class TestTargetsAndReport:
    def test_progress_reached_share_and_on_track(self, coordinator_client, logged, programme, structure_a):
        services.target_set(programme=programme, indicator=Indicator.PEOPLE, value=8)
        services.target_set(programme=programme, structure=structure_a, indicator=Indicator.PEOPLE, value=4)
        rows = {(r["target"].structure_id, r["target"].indicator): r for r in target_progress(programme)}
        whole = rows[(None, Indicator.PEOPLE)]
        assert whole["reached"] == 5 and whole["percent"] == 62
        assert whole["on_track"] is True  # half the programme elapsed, 62 % reached
        assert rows[(structure_a.pk, Indicator.PEOPLE)]["percent"] == 100
        response = coordinator_client.get(f"/reseau/programmes/{programme.pk}/objectifs/")
        assert "Dans les temps" in page_text(response)

    def test_target_form_rejects_bad_values_in_french(self, coordinator_client, programme, structure_b):
        url = f"/reseau/programmes/{programme.pk}/objectifs/"
        response = coordinator_client.post(url, {"indicator": "people", "value": "-3"})
        assert response.status_code == 400
        assert "supérieure ou égale à 1" in page_text(response)
        response = coordinator_client.post(url, {"indicator": "people", "value": "3", "structure": structure_b.pk})
        assert response.status_code == 400  # beta is not in the programme

    def test_funder_report_in_the_shape_of_the_pilot(self, coordinator_client, logged, programme):
        response = coordinator_client.get(f"/reseau/programmes/{programme.pk}/bilan/")
        text = page_text(response)
        # Without a call for applications, the lead names the structures instead of the selection.
        assert "2 structures ont participé au programme" in text and "Sélection" not in text
        assert "CCAS d'Alpha" in text and "Association Beta" in text
        assert "Définitions" in text
        response = coordinator_client.get(f"/reseau/programmes/{programme.pk}/bilan/", {"format": "csv"})
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        assert rows[-1][0] == "Réseau"

    def test_programme_pages(self, coordinator_client, django_assert_max_num_queries, programme):
        response = coordinator_client.post(
            "/reseau/programmes/nouveau/",
            {"name": "Nouveau", "start": "2024-01-01", "end": "2023-01-01"},
        )
        assert response.status_code == 400
        assert "postérieure ou égale" in page_text(response)
        response = coordinator_client.post(
            "/reseau/programmes/nouveau/", {"name": "Nouveau", "start": "2024-01-01", "end": "2024-12-31"}
        )
        assert response.status_code == 302
        created = Programme.objects.get(name="Nouveau")
        for funder, share in (("MEL", "60"), ("Emmaüs", "40")):
            response = coordinator_client.post(
                f"/reseau/programmes/{created.pk}/", {"funding-funder": funder, "funding-kind": "autre",
                                                      "funding-share": share}
            )  # fmt: skip
            assert response.status_code == 302
        with django_assert_max_num_queries(8):
            response = coordinator_client.get("/reseau/programmes/")
        assert "MEL (60 %)" in page_text(response)


class TestDirectory:
    def test_public_directory(self, network_client, structure_a):
        response = network_client.get("/structures/")
        assert response.status_code == 200
        assert "CCAS d'Alpha" in page_text(response)

    def test_open_data_export_validates_against_the_national_schema(self, network_client, structure_a, tmp_path):
        if not (LAMEDNUM / "schema.json").exists():
            pytest.skip(f"The LaMednum schema is not at {LAMEDNUM}: the open-data export is not validated.")
        from frictionless import Resource, Schema, validate

        structure_a.siret = "73282932000074"
        structure_a.address = "1 rue de la Paix"
        structure_a.phone = "03 20 00 00 00"
        structure_a.save()
        response = network_client.get("/structures/lieux.csv")
        assert response.status_code == 200
        path = tmp_path / "lieux.csv"
        path.write_bytes(response.content)
        content = response.content.decode()
        assert "relais-numerique-alpha" in content
        assert "Relais numérique (Emmaüs Connect)" in content
        schema = Schema.from_descriptor(json.loads((LAMEDNUM / "schema.json").read_text(encoding="utf-8")))
        report = validate(Resource(path="lieux.csv", basepath=str(tmp_path), schema=schema))
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
