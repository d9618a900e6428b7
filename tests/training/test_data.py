"""Exports, import (all or nothing, hostile files), the anonymisation command and the dashboard."""

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from figures.models import ActivityFact, AttendanceFact, BeneficiaryFact
from tests.conftest import page_text
from tests.training.conftest import D, workshop
from training.facts import facts_differences
from training.models import Activity, ActivityChange, Beneficiary
from training.services.activities import activity_create
from training.services.courses import course_create

ACTIVITY_HEADER = "date;type;duree_minutes;titre;thematiques;personnes;anonymes;anonymes_femmes;anonymes_hommes"


def csv_file(text: str, name="import.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


class TestExports:
    @pytest.mark.parametrize("table", ["activities", "courses", "attendance", "people"])
    def test_managers_download_csv_and_xlsx(self, manager_client_a, structure_a, manager_a, people_a, table,
                                            django_assert_max_num_queries):  # fmt: skip
        workshop(structure_a, manager_a, people=people_a[:2], anonymous=2, title='=HYPERLINK("http://x")')
        course_create(structure=structure_a, title="Parcours", device="tablet", start_date=D(2024, 1, 8))
        with django_assert_max_num_queries(16):  # 14, and the audit log's line (with its search_path)
            response = manager_client_a.get(f"/data/exports/{table}/")
        assert response.status_code == 200 and len(rows_of(response)) > 1
        xlsx = manager_client_a.get(f"/data/exports/{table}/", {"format": "xlsx"})
        assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
        assert load_workbook(io.BytesIO(xlsx.content)).active.max_row > 1

    def test_people_export_is_pseudonymous_and_formulas_are_neutralised(
        self, manager_client_a, structure_a, manager_a, people_a
    ):
        workshop(structure_a, manager_a, people=people_a[:1], anonymous=1, title="=1+2")
        people = rows_of(manager_client_a.get("/data/exports/people/"))
        flat = [cell for row in people for cell in row]
        assert people_a[0].code in flat and "AM" not in flat
        activities = rows_of(manager_client_a.get("/data/exports/activities/"))
        assert "'=1+2" in activities[1]

    def test_referents_cannot_export(self, client_a):
        assert client_a.get("/data/exports/people/").status_code == 403

    def test_b_export_has_nothing_of_a(self, structure_a, structure_b, manager_a, manager_b, people_a):
        from tests.conftest import host_client

        workshop(structure_a, manager_a, people=people_a, anonymous=2, title="Atelier Alpha")
        client_b = host_client(structure_b.host, manager_b)
        for table in ("activities", "attendance", "people"):
            text = client_b.get(f"/data/exports/{table}/").content.decode("utf-8-sig")
            assert "Atelier Alpha" not in text and people_a[0].code not in text


class TestImport:
    def test_template_downloads(self, manager_client_a):
        rows = rows_of(manager_client_a.get("/data/import/template/activities/"))
        assert rows[0][:3] == ["date", "type", "duree_minutes"]
        assert manager_client_a.get("/data/import/template/people/", {"format": "xlsx"}).status_code == 200
        assert "thematiques" in page_text(manager_client_a.get("/data/import/"))

    def test_people_then_activities(self, manager_client_a, structure_a, in_schema):
        people = "initiales;genre;annee_naissance;statut;commune\nAB;feminin;1950;retraite;Lille\nCD;Homme;1980;;\n"
        response = manager_client_a.post("/data/import/", {"kind": "people", "file": csv_file(people)})
        assert response.status_code == 302
        with in_schema(structure_a):
            created = {b.label: b for b in Beneficiary.objects.all()}
        assert created["CD"].gender == "masculin" and created["AB"].birth_year == 1950
        assert BeneficiaryFact.objects.filter(structure=structure_a).count() == 2
        text = (
            ACTIVITY_HEADER + "\n"
            f"2024-03-14;atelier;90;Courriel;email;{created['AB'].code}|{created['CD'].code};3;2;1\n"
            "15/03/2024;permanence;30;;aide_aux_demarches_administratives;;1;1;0\n"
        )
        response = manager_client_a.post("/data/import/", {"kind": "activities", "file": csv_file(text)})
        assert response.status_code == 302, page_text(response)
        with in_schema(structure_a):
            assert Activity.objects.count() == 2
            assert ActivityChange.objects.filter(action="imported").count() == 2
        assert ActivityFact.objects.filter(structure=structure_a).count() == 2
        assert AttendanceFact.objects.filter(structure=structure_a).count() == 2
        assert facts_differences(structure_a) == {}

    def test_xlsx_import(self, manager_client_a, structure_a, in_schema):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(ACTIVITY_HEADER.split(";"))
        sheet.append([D(2024, 3, 14), "atelier", 60, "Tablette", "prendre_en_main_du_materiel", "", 4, 4, 0])
        buffer = io.BytesIO()
        workbook.save(buffer)
        upload = SimpleUploadedFile("a.xlsx", buffer.getvalue())
        assert manager_client_a.post("/data/import/", {"kind": "activities", "file": upload}).status_code == 302
        with in_schema(structure_a):
            assert Activity.objects.get().anonymous_breakdown["gender"] == {"feminin": 4}

    def test_one_bad_row_imports_nothing_and_errors_name_line_and_column(
        self, manager_client_a, structure_a, person_b, in_schema
    ):
        text = (
            ACTIVITY_HEADER + "\n"
            "2024-03-14;atelier;90;Bon;email;;3;2;1\n"
            "2024-13-40;atelier;-5;;email;;2;0;0\n"
            f"2024-03-16;atelier;60;;email;{person_b.code};0;0;0\n"
            "2024-03-17;atelier;60;;email;;3;5;0\n"
            "2024-03-18;cours;60;;email;;3;;\n"
        )
        response = manager_client_a.post("/data/import/", {"kind": "activities", "file": csv_file(text)})
        assert response.status_code == 400
        page = page_text(response)
        assert "Rien n'a été importé" in page
        assert "<td>3</td>" in page and "n'est pas une date" in page and "duree_minutes" in page
        assert "Absent du registre de cette structure" in page and person_b.code in page
        assert "doivent correspondre" in page and "Valeur inconnue" in page
        with in_schema(structure_a):
            assert not Activity.objects.exists()
        assert not ActivityFact.objects.filter(structure=structure_a).exists()

    @pytest.mark.parametrize(
        ("upload", "message"),
        [
            (csv_file("date;type\n2024-01-01;atelier é\n", encoding="latin-1"), "encodé en UTF-8"),
            (SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50), "pas un tableur"),
            (SimpleUploadedFile("x.xlsx", b"PK\x03\x04 not really a zip"), "classeur XLSX lisible"),
            (SimpleUploadedFile("big.csv", b"date;type\n" + b"x" * (5 * 1024 * 1024 + 10)), "trop volumineux"),
            (csv_file(""), "vide"),
            (csv_file("foo;bar\n1;2\n"), "colonne obligatoire manque"),
            (SimpleUploadedFile("u16.csv", "date;type\n".encode("utf-16")), "tableur"),
        ],
    )
    def test_hostile_files_get_a_clear_message(self, manager_client_a, structure_a, in_schema, upload, message):
        response = manager_client_a.post("/data/import/", {"kind": "activities", "file": upload})
        assert response.status_code == 400
        assert message in page_text(response)
        with in_schema(structure_a):
            assert not Activity.objects.exists()

    def test_zip_bomb_is_refused(self, manager_client_a):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/worksheets/sheet1.xml", b"0" * (70 * 1024 * 1024))
        upload = SimpleUploadedFile("bomb.xlsx", buffer.getvalue())
        response = manager_client_a.post("/data/import/", {"kind": "activities", "file": upload})
        assert response.status_code == 400 and "décompressé" in page_text(response)

    def test_referents_cannot_import_and_b_import_stays_in_b(
        self, client_a, structure_a, structure_b, manager_b, in_schema
    ):
        from tests.conftest import host_client

        text = ACTIVITY_HEADER + "\n2024-03-14;atelier;90;B;email;;3;;\n"
        assert client_a.post("/data/import/", {"kind": "activities", "file": csv_file(text)}).status_code == 403
        client_b = host_client(structure_b.host, manager_b)
        assert client_b.post("/data/import/", {"kind": "activities", "file": csv_file(text)}).status_code == 302
        with in_schema(structure_a):
            assert not Activity.objects.exists()
        with in_schema(structure_b):
            assert Activity.objects.count() == 1


def test_anonymise_inactive_command(structure_a, structure_b, referent_a, people_a, in_schema):
    workshop(structure_a, referent_a, people=[people_a[0]], date=D(2020, 1, 6))
    workshop(structure_a, referent_a, people=[people_a[1]], date=timezone.localdate())
    out = io.StringIO()
    call_command("anonymise_inactive", "--months", "24", stdout=out)
    text = out.getvalue()
    assert "alpha:" in text and "beta:" in text and "Total" in text
    with in_schema(structure_a):
        erased = set(Beneficiary.objects.filter(erased_at__isnull=False).values_list("pk", flat=True))
    assert people_a[0].pk in erased and people_a[1].pk not in erased


class TestDashboard:
    def test_figures_and_definitions_for_a_period(self, client_a, structure_a, referent_a, people_a,
                                                  django_assert_max_num_queries):  # fmt: skip
        workshop(structure_a, referent_a, people=people_a[:2], anonymous=3, date=D(2024, 3, 14))
        activity_create(structure=structure_a, user=referent_a, kind="dropin", date=D(2024, 3, 15),
                                 duration_minutes=30, themes=["email"], beneficiaries=[people_a[0]])  # fmt: skip
        with django_assert_max_num_queries(50):
            response = client_a.get("/dashboard/", {"start": "2024-03-01", "end": "2024-03-31"})
        text = page_text(response)
        assert 'data-figure="people">5<' in text  # 2 followed + 3 anonymous
        assert "Définitions" in text
        assert "once per structure" in text or "une fois par structure" in text
        empty = page_text(client_a.get("/dashboard/", {"start": "2023-01-01", "end": "2023-01-31"}))
        assert 'data-figure="people">0<' in empty

    def test_bad_period_is_explained(self, client_a):
        response = client_a.get("/dashboard/", {"start": "2024-03-31", "end": "2024-03-01"})
        assert response.status_code == 200 and "après son début" in page_text(response)

    def test_b_dashboard_does_not_count_a(self, client_b, structure_a, referent_a):
        workshop(structure_a, referent_a, anonymous=7, date=D(2024, 3, 14))
        text = page_text(client_b.get("/dashboard/", {"start": "2024-03-01", "end": "2024-03-31"}))
        assert 'data-figure="people">0<' in text
