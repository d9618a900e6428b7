"""Import of La Coop de la médiation numérique's activity export: preview, all or nothing, idempotent."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from figures.models import ActivityFact, AttendanceFact, BeneficiaryFact
from tests.api.conftest import api_client
from tests.conftest import host_client, page_text
from training.imports.coop import COLUMNS
from training.models import Activity, ActivityChange, Beneficiary

HEADERS = [header for _key, header, _required in COLUMNS]


def coop_row(**values):
    """A row of the export, by header; defaults make an anonymous individual accompaniment."""
    defaults = {
        "Date": "14/03/2024",
        "Type": "Individuel",
        "Participants": "Anonyme",
        "Canaux d'accompagnement": "Lieu d'activité",
        "Nom du lieu": "CCAS d'Alpha",
        "Commune": "Lille",
        "Code postal": "59000",
        "Code Insee": "59350",
        "Durée (min)": 45,
        "Thématique(s)": "E-mail, Navigation sur internet",
        "Niveau d'autonomie (ou de l'atelier)": "Partiellement autonome",
        "Bénéficiaire réorienté": "Non",
        "Genre": "Féminin",
        "Tranche d'âge": "60-69 ans",
        "Statut": "Retraité(e)",
    }
    return {**defaults, **values}


def coop_file(rows, *, title_rows=True, sheet="Activités", name="export-coop.xlsx"):
    """An XLSX like La Coop's: a title and the filters above the header, on the "Activités" sheet."""
    workbook = Workbook()
    workbook.active.title = "Informations"
    workbook.active.append(["Export de La Coop de la médiation numérique"])
    worksheet = workbook.create_sheet(sheet)
    if title_rows:
        worksheet.append(["Export des activités de Rita Référente"])
        worksheet.append(["Date d'export", datetime.date(2024, 4, 2)])
        worksheet.append([])
    worksheet.append(HEADERS)
    for row in rows:
        worksheet.append([row.get(h) for h in HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


# Header on line 4: the data start on line 5.
ROWS = [
    coop_row(**{"ID CRA": "cra-1"}),
    coop_row(
        **{
            "ID CRA": "cra-2",
            "Date": datetime.datetime(2024, 3, 15),  # noqa: DTZ001 (a spreadsheet date cell)
            "Type": "Collectif",
            "Participants": "6",
            "Nom de l'atelier": "Découvrir sa messagerie",
            "Matériel": "Tablette",
            "Thématique(s)": "E-mail",
            "Niveau d'autonomie (ou de l'atelier)": "Débutant",
            "Durée (min)": "90",
            "Genre": "Féminin (4), Masculin (2)",
            "Tranche d'âge": "60-69 ans (3), 70 ans et plus (3)",
            "Statut": "Retraité(e) (6)",
            "Bénéficiaire réorienté": "",
        }
    ),
    coop_row(
        **{
            "ID CRA": "cra-3",
            "Participants": "Marie Dupont",
            "Thématique(s)": "Aide aux démarches administratives",
            "Nom de la démarche administrative": "Social - Santé, Argent - Impôts",
            "Bénéficiaire réorienté": "Oui",
            "Structure de redirection": "Aide sociale",
            "Canaux d'accompagnement": "À distance",
        }
    ),
    coop_row(**{"ID CRA": "cra-4", "Date": "2024-03-20", "Participants": "marie  DUPONT", "Genre": "Féminin"}),
]


@pytest.fixture
def manager_client_a(structure_a, manager_a):
    return host_client(structure_a.host, manager_a)


def preview_then_import(client, upload):
    preview = client.post("/data/import/coop/", {"file": upload})
    assert preview.status_code == 200, page_text(preview)
    token = preview.context["token"]
    return preview, client.post("/data/import/coop/", {"confirm": "1", "token": token})


class TestCoopImport:
    def test_preview_then_import_maps_everything(self, manager_client_a, structure_a, in_schema):
        preview = manager_client_a.post("/data/import/coop/", {"file": coop_file(ROWS)})
        text = page_text(preview)
        assert 'data-count="dropins">3<' in text and 'data-count="workshops">1<' in text
        assert 'data-count="anonymous">7<' in text and 'data-count="new-people">1<' in text
        with in_schema(structure_a):
            assert not Activity.objects.exists()  # the preview writes nothing
        done = manager_client_a.post("/data/import/coop/", {"confirm": "1", "token": preview.context["token"]})
        assert done.status_code == 302 and done["Location"] == "/activities/"
        with in_schema(structure_a):
            activities = {a.external_id: a for a in Activity.objects.all()}
            assert set(activities) == {"cra-1", "cra-2", "cra-3", "cra-4"}
            alone = activities["cra-1"]
            assert (alone.kind, alone.anonymous_total, alone.duration_minutes) == ("dropin", 1, 45)
            assert alone.themes == ["email", "navigation_sur_internet"]
            assert alone.autonomy == "partiellement_autonome" and alone.place_name == "CCAS d'Alpha"
            assert alone.anonymous_breakdown == {
                "gender": {"feminin": 1},
                "age_band": {"soixante_soixante_neuf": 1},
                "status": {"retraite": 1},
            }
            group = activities["cra-2"]
            assert (group.kind, group.title, group.level, group.equipment) == (
                "workshop", "Découvrir sa messagerie", "debutant", ["tablette"],
            )  # fmt: skip
            assert group.date == datetime.date(2024, 3, 15) and group.anonymous_total == 6
            assert group.anonymous_breakdown["gender"] == {"feminin": 4, "masculin": 2}
            assert group.anonymous_breakdown["age_band"] == {"soixante_soixante_neuf": 3, "soixante_dix_plus": 3}
            procedure = activities["cra-3"]
            assert procedure.themes == ["aide_aux_demarches_administratives", "social_sante", "argent_impots"]
            assert procedure.referral == "aide_sociale" and procedure.place_type == "a_distance"
            assert procedure.anonymous_total == 0
            # Marie Dupont: one pseudonymous record for both rows, initials only, no name anywhere.
            person = Beneficiary.objects.get()
            assert person.label == "M. D." and person.gender == "feminin" and person.social_status == "retraite"
            assert "Dupont" not in person.external_key and len(person.external_key) == 64
            assert set(person.participations.values_list("activity__external_id", flat=True)) == {"cra-3", "cra-4"}
            assert ActivityChange.objects.filter(action="imported").count() == 4
        assert ActivityFact.objects.filter(structure=structure_a).count() == 4
        assert AttendanceFact.objects.filter(structure=structure_a).count() == 2
        assert BeneficiaryFact.objects.filter(structure=structure_a).count() == 1

    def test_imported_sessions_appear_in_the_figures(self, manager_client_a, structure_a, manager_a, referent_a):
        preview_then_import(manager_client_a, coop_file(ROWS))
        period = {"start": "2024-03-01", "end": "2024-03-31"}
        stats = api_client(structure_a.host, manager_a).get("/api/v1/stats/", period)
        assert stats.status_code == 200
        figures = stats.json()
        assert figures["activities"]["dropin"] == 3 and figures["activities"]["workshop"] == 1
        assert figures["people"] == 8  # 7 anonymous + Marie, counted once
        assert figures["people_followed"] == 1 and figures["gender"]["feminin"] >= 5
        dashboard = page_text(host_client(structure_a.host, referent_a).get(
            "/dashboard/", {"start": "2024-03-01", "end": "2024-03-31"}
        ))  # fmt: skip
        assert 'data-figure="people">8<' in dashboard

    def test_a_second_import_creates_nothing_twice(self, manager_client_a, structure_a, in_schema):
        preview_then_import(manager_client_a, coop_file(ROWS[:3]))
        # The next month's export overlaps the first: only the new row is created, Marie is matched.
        preview, done = preview_then_import(manager_client_a, coop_file(ROWS))
        text = page_text(preview)
        assert 'data-count="skipped">3<' in text and 'data-count="new-people">0<' in text
        assert 'data-count="matched-people">1<' in text
        assert done.status_code == 302
        with in_schema(structure_a):
            assert Activity.objects.count() == 4 and Beneficiary.objects.count() == 1
        again, _done = preview_then_import(manager_client_a, coop_file(ROWS))
        assert "every row was already imported" in page_text(again) or "déjà importée" in page_text(again)
        assert "confirm" not in page_text(again)
        with in_schema(structure_a):
            assert Activity.objects.count() == 4
        assert ActivityFact.objects.filter(structure=structure_a).count() == 4

    def test_one_bad_row_imports_nothing_and_says_where_in_french(self, manager_client_a, structure_a, in_schema):
        rows = [
            *ROWS,
            coop_row(**{"ID CRA": "cra-5", "Type": "Visio", "Thématique(s)": "Cuisine"}),
            coop_row(**{"ID CRA": "cra-6", "Durée (min)": "une heure", "Date": "31/02/2024"}),
            coop_row(**{"ID CRA": "cra-1"}),
            coop_row(
                **{
                    "ID CRA": "cra-7",
                    "Type": "Collectif",
                    "Participants": "3",
                    "Genre": "Féminin (2)",
                    "Niveau d'autonomie (ou de l'atelier)": "",
                }
            ),  # fmt: skip
            coop_row(**{"ID CRA": "cra-8", "Thématique(s)": "", "Date": "01/01/2099"}),
        ]
        response = manager_client_a.post("/data/import/coop/", {"file": coop_file(rows)})
        assert response.status_code == 400
        errors = response.context["import_errors"]
        where = {(line, column) for line, column, _message in errors}
        assert (9, "Type (B)") in where and (9, "Thématique(s) (L)") in where
        assert (10, "Durée (min) (I)") in where and (10, "Date (A)") in where
        assert (11, "ID CRA (U)") in where
        assert (12, "Genre (Q)") in where
        assert (13, "Date (A)") in where
        text = page_text(response)
        assert "Rien n'a été importé" in text
        assert "Valeur inconnue « Cuisine »" in text or "Valeur inconnue “Cuisine”" in text
        assert "Même ID CRA que la ligne 5" in text
        with in_schema(structure_a):
            assert not Activity.objects.exists() and not Beneficiary.objects.exists()
        assert not ActivityFact.objects.filter(structure=structure_a).exists()

    @pytest.mark.parametrize(
        ("upload", "message"),
        [
            (SimpleUploadedFile("vide.xlsx", b""), "vide"),
            (SimpleUploadedFile("faux.xlsx", b"PK\x03\x04 pas un classeur"), "XLSX"),
            (coop_file([{"Date": "14/03/2024"}], sheet="Autre", title_rows=False), "Activités"),
        ],
    )
    def test_wrong_files_get_a_clear_message(self, manager_client_a, upload, message):
        response = manager_client_a.post("/data/import/coop/", {"file": upload})
        assert response.status_code == 400 and message in page_text(response)

    def test_missing_required_column_is_named(self, manager_client_a):
        workbook = Workbook()
        workbook.active.title = "Activités"
        workbook.active.append(["Date", "Type", "Participants"])
        workbook.active.append(["14/03/2024", "Individuel", "Anonyme"])
        buffer = io.BytesIO()
        workbook.save(buffer)
        upload = SimpleUploadedFile("c.xlsx", buffer.getvalue())
        response = manager_client_a.post("/data/import/coop/", {"file": upload})
        assert response.status_code == 400
        assert {c for _l, c, _m in response.context["import_errors"]} == {"Durée (min)", "ID CRA"}

    def test_referents_cannot_import_and_b_stays_apart(
        self, structure_a, structure_b, referent_a, manager_b, manager_client_a, in_schema
    ):
        assert host_client(structure_a.host, referent_a).post(
            "/data/import/coop/", {"file": coop_file(ROWS)}
        ).status_code == 403  # fmt: skip
        preview_then_import(manager_client_a, coop_file(ROWS))
        # B imports the same export: its own records, nothing of A's matched or skipped.
        preview, done = preview_then_import(host_client(structure_b.host, manager_b), coop_file(ROWS))
        assert 'data-count="skipped">0<' in page_text(preview) and done.status_code == 302
        with in_schema(structure_b):
            assert Activity.objects.count() == 4 and Beneficiary.objects.count() == 1
        with in_schema(structure_a):
            assert Activity.objects.count() == 4

    def test_an_expired_preview_imports_nothing(self, manager_client_a, structure_a, in_schema):
        response = manager_client_a.post("/data/import/coop/", {"confirm": "1", "token": "forged"}, follow=True)
        assert "expiré" in page_text(response)
        with in_schema(structure_a):
            assert not Activity.objects.exists()

    def test_import_page_links_to_it(self, manager_client_a):
        assert "/data/import/coop/" in page_text(manager_client_a.get("/data/import/"))
        assert manager_client_a.get("/data/import/coop/").status_code == 200
