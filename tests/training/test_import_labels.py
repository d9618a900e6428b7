"""The import page lists the accepted values, and labels are read in any case, with or without accents."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import page_text
from training.models import Activity
from training.vocabulary import fold

HEADER = "date;type;duree_minutes;titre;thematiques;materiel;anonymes"


def _csv(text):
    return SimpleUploadedFile("import.csv", text.encode("utf-8"), content_type="text/csv")


def test_import_page_lists_codes_and_labels(manager_client_a):
    page = page_text(manager_client_a.get("/data/import/"))
    assert "securite_numerique" in page and "Sécurité numérique" in page
    assert "aide_aux_demarches_administratives" in page


def test_labels_with_or_without_accents_are_accepted(manager_client_a, structure_a, in_schema):
    text = (
        HEADER + "\n"
        "2024-03-14;Atelier thématique;90;Arnaques;Sécurité numérique|E-MAIL;Tablette;3\n"
        "2024-03-15;atelier;60;;securite numerique;telephone;2\n"
    )
    response = manager_client_a.post("/data/import/", {"kind": "activities", "file": _csv(text)})
    assert response.status_code == 302, page_text(response)
    with in_schema(structure_a):
        themes = sorted(tuple(a.themes) for a in Activity.objects.all())
    assert themes == [("securite_numerique",), ("securite_numerique", "email")]


def test_an_unknown_value_points_to_the_list(manager_client_a, structure_a, in_schema):
    text = HEADER + "\n2024-03-14;atelier;90;;arnaques;;3\n"
    response = manager_client_a.post("/data/import/", {"kind": "activities", "file": _csv(text)})
    assert response.status_code == 400
    page = page_text(response)
    assert "Valeur inconnue « arnaques »" in page and "valeurs acceptées" in page


def test_fold():
    assert fold("  Sécurité_Numérique ") == "securite numerique" == fold("SECURITE-NUMERIQUE")
