"""The national places data both ways: the export always valid (frictionless), a LaMednum file imported."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from network.opendata import access_modes, normalise_phone
from tenants.models import Structure
from tests.conftest import page_text

LAMEDNUM = Path(__file__).resolve().parents[2].parent / "shared" / "domain" / "standards" / "lamednum"
HEADER = (
    "id,pivot,nom,commune,code_postal,code_insee,adresse,complement_adresse,latitude,longitude,typologie,telephone,"
    "courriels,site_web,horaires,presentation_resume,presentation_detail,source,itinerance,structure_parente,"
    "date_maj,services,publics_specifiquement_adresses,prise_en_charge_specifique,frais_a_charge,"
    "dispositif_programmes_nationaux,formations_labels,autres_formations_labels,modalites_acces,"
    "modalites_accompagnement,fiche_acces_libre,prise_rdv"
).split(",")


def validate_export(client, tmp_path) -> list[dict]:
    """The directory's export, checked by frictionless against the national schema; its rows."""
    if not (LAMEDNUM / "schema.json").exists():
        pytest.skip(f"The LaMednum schema is not at {LAMEDNUM}.")
    from frictionless import Resource, Schema, validate

    response = client.get("/structures/lieux.csv")
    assert response.status_code == 200
    (tmp_path / "lieux.csv").write_bytes(response.content)
    schema = Schema.from_descriptor(json.loads((LAMEDNUM / "schema.json").read_text(encoding="utf-8")))
    report = validate(Resource(path="lieux.csv", basepath=str(tmp_path), schema=schema))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def places_file(*rows) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER)
    writer.writeheader()
    for row in rows:
        writer.writerow({"date_maj": "2024-04-02", **row})
    return SimpleUploadedFile("lieux-59.csv", buffer.getvalue().encode())


def place(**values):
    return {"id": "lieu-1", "pivot": "73282932000074", "nom": "CCAS d'Alpha", "commune": "Lille",
            "code_postal": "59000", "adresse": "1 rue de la Paix", **values}  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "exported"),
    [
        ("+33 (0)3 20 44 55 66", "+33320445566"),
        ("03 20 44 55 66", "+33320445566"),
        ("03.20.44.55.66", "+33320445566"),
        ("0033 3 20 44 55 66", "+33320445566"),
        ("+33 0 3 20 44 55 66", "+33320445566"),
        ("+590 590 12 34 56", "+590590123456"),
        ("3 20 44", ""),
        ("n/a", ""),
        ("", ""),
    ],
)
def test_phone_numbers_as_people_type_them(typed, exported):
    assert normalise_phone(typed) == exported


def test_access_modes_follow_the_contact_data():
    assert access_modes(phone="", email="") == "Se présenter"
    assert access_modes(phone="+33320445566", email="") == "Se présenter|Téléphoner"
    assert access_modes(phone="", email="a@b.fr") == "Se présenter|Contacter par mail"


class TestExport:
    def test_awkward_inputs_still_export_valid(self, network_client, structure_a, structure_b, tmp_path):
        Structure.objects.filter(pk=structure_a.pk).update(
            siret="73282932000074", address="1 rue de la Paix\n(bâtiment B)", phone="+33 (0)3 20 44 55 66",
            insee_code="ABCDE", email="pas-un-courriel", website="www.sans-schema.fr",
            summary="=Ateliers\nnumériques " + "x" * 250, name="=CCAS d'Alpha",
        )  # fmt: skip
        Structure.objects.filter(pk=structure_b.pk).update(
            siret="44306184100047", address="2 place du Marché", phone="", email="contact@beta.fr", insee_code="59350"
        )
        rows = {row["pivot"]: row for row in validate_export(network_client, tmp_path)}
        alpha, beta = rows["73282932000074"], rows["44306184100047"]
        assert alpha["telephone"] == "+33320445566" and alpha["modalites_acces"] == "Se présenter|Téléphoner"
        assert alpha["code_insee"] == "" and alpha["courriels"] == "" and alpha["site_web"] == ""
        assert not alpha["nom"].startswith("=") and len(alpha["presentation_resume"]) <= 280
        assert beta["telephone"] == "" and "Téléphoner" not in beta["modalites_acces"]
        assert beta["modalites_acces"] == "Se présenter|Contacter par mail"

    def test_the_demo_directory_exports_valid(self, network_client, tmp_path):
        from tenants import demo as tenants_demo

        tenants_demo.seed()
        rows = validate_export(network_client, tmp_path)
        assert rows
        for row in rows:
            assert ("Téléphoner" in row["modalites_acces"]) == bool(row["telephone"]), row["id"]


class TestImport:
    def test_a_departements_file_is_previewed_imported_and_exported_back_valid(
        self, coordinator_client, network_client, structure_a, structure_b, tmp_path
    ):
        Structure.objects.filter(pk=structure_a.pk).update(siret="73282932000074", address="ancienne adresse")
        upload = places_file(
            place(telephone="+33 (0)3 20 44 55 66", latitude="50.6292", longitude="3.0573", code_insee="59350",
                  courriels="accueil@alpha.fr|autre@alpha.fr", site_web="https://alpha.fr",
                  horaires="Mo-Fr 09:00-12:00", presentation_resume="Ateliers et permanences."),
            place(id="lieu-2", pivot="11122233300044", nom="Médiathèque voisine"),
        )  # fmt: skip
        preview = coordinator_client.post("/reseau/lieux/import/", {"file": upload})
        assert preview.status_code == 200, page_text(preview)
        text = page_text(preview)
        assert 'data-count="updates">1<' in text and 'data-count="unknown">1<' in text
        structure_a.refresh_from_db()
        assert structure_a.address == "ancienne adresse"  # the preview writes nothing
        done = coordinator_client.post("/reseau/lieux/import/", {"confirm": "1", "token": preview.context["token"]})
        assert done.status_code == 302
        structure_a.refresh_from_db()
        assert structure_a.address == "1 rue de la Paix" and structure_a.phone == "+33320445566"
        assert str(structure_a.latitude) == "50.629200" and structure_a.email == "accueil@alpha.fr"
        assert not Structure.objects.filter(name="Médiathèque voisine").exists()
        rows = {row["pivot"]: row for row in validate_export(network_client, tmp_path)}
        assert rows["73282932000074"]["telephone"] == "+33320445566"
        assert rows["73282932000074"]["modalites_acces"] == "Se présenter|Téléphoner|Contacter par mail"
        assert "11122233300044" not in rows

    def test_one_bad_row_imports_nothing_with_line_and_column(self, coordinator_client, structure_a):
        Structure.objects.filter(pk=structure_a.pk).update(siret="73282932000074", address="ancienne adresse")
        upload = places_file(
            place(adresse="nouvelle adresse"),
            place(id="lieu-2", pivot="1234", code_postal="590", telephone="bientôt"),
            place(id="lieu-3", latitude="nord", courriels="pas-un-courriel"),
            place(id="lieu-4", pivot="44306184100047", nom=""),
        )
        response = coordinator_client.post("/reseau/lieux/import/", {"file": upload})
        assert response.status_code == 400
        where = {(line, column) for line, column, _m in response.context["import_errors"]}
        assert {(3, "pivot"), (3, "code_postal"), (3, "telephone"), (4, "pivot"), (4, "latitude"),
                (4, "courriels"), (5, "nom")} <= where  # fmt: skip
        text = page_text(response)
        assert "Rien n'a été importé" in text and "Même SIRET que la ligne 2" in text
        structure_a.refresh_from_db()
        assert structure_a.address == "ancienne adresse"

    def test_missing_columns_and_access(self, coordinator_client, client_a, network_client):
        bad = SimpleUploadedFile("x.csv", b"id,nom\n1,Lieu\n")
        response = coordinator_client.post("/reseau/lieux/import/", {"file": bad})
        assert response.status_code == 400 and {c for _l, c, _m in response.context["import_errors"]} == {
            "pivot", "commune", "code_postal", "adresse"
        }  # fmt: skip
        assert network_client.get("/reseau/lieux/import/").status_code == 302
