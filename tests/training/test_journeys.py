"""A person's journey, from referral to exit, and its outcome figures, from the user's side."""

import csv
import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from figures.compute import compute_figures
from figures.models import BeneficiaryFact
from tests.api.conftest import api_client
from tests.conftest import page_text
from tests.training.conftest import workshop
from training.facts import facts_differences
from training.models import Beneficiary
from training.practices import equipment_give
from training.services.people import beneficiary_create, beneficiary_erase, beneficiary_merge

D = datetime.date


def person_post(**overrides):
    data = {"label": "JD", "gender": "feminin", "birth_year": "1980", "social_status": "sans_emploi"}
    return data | overrides


class TestPage:
    def test_referral_then_exit_on_the_form_and_the_timeline(self, client_a, structure_a, referent_a, in_schema):
        response = client_a.get("/people/new/")
        text = page_text(response)
        assert "Parcours de la personne" in text
        assert "Fonds social européen" in text and "pseudonyme" in text
        assert "accord explicite de la personne" in text
        response = client_a.post("/people/new/", person_post(
            referral_source="service_rsa", referral_partner="CCAS – service RSA", referral_date="2024-01-10",
            evaluation_date="2024-01-20", qpv="oui", minimum_income="oui", single_parent="oui",
            employment_situation="chomeur_longue_duree", education_level="cite_0_2",
        ))  # fmt: skip
        assert response.status_code == 302, page_text(response)
        with in_schema(structure_a):
            person = Beneficiary.objects.get()
        workshop(structure_a, referent_a, people=[person], date=D(2024, 2, 5))
        workshop(structure_a, referent_a, people=[person], date=D(2024, 2, 12))
        equipment_give(structure=structure_a, beneficiary=person, kind="laptop", date=D(2024, 3, 1))
        response = client_a.post(f"/people/{person.code}/edit/", person_post(
            referral_source="service_rsa", referral_partner="CCAS – service RSA", referral_date="2024-01-10",
            evaluation_date="2024-01-20", exit_date="2024-03-15", exit_autonomous="oui", exit_situation="formation",
            exit_minimum_income="non", qpv="oui", minimum_income="oui",
        ))  # fmt: skip
        assert response.status_code == 302, page_text(response)
        text = page_text(client_a.get(f"/people/{person.code}/"))
        steps = ["Orientation", "Évaluation", "Première séance", "Ordinateur portable", "Sortie"]
        positions = [text.index(step, text.index("Parcours de la personne")) for step in steps]
        assert positions == sorted(positions), text
        assert "CCAS – service RSA" in text and "2 séances, la dernière le 12/02/2024" in text
        assert "autonome : oui" in text and "En études ou en formation" in text
        assert facts_differences(structure_a) == {}

    def test_an_exit_before_the_referral_is_refused_and_nothing_changes(self, client_a, structure_a, in_schema):
        person = beneficiary_create(structure=structure_a, label="JD", referral_date=D(2024, 1, 10))
        response = client_a.post(f"/people/{person.code}/edit/", person_post(
            referral_date="2024-01-10", exit_date="2024-01-02", exit_autonomous="oui",
        ))  # fmt: skip
        assert response.status_code == 400
        assert "La sortie ne peut pas précéder l'orientation (10/01/2024)." in page_text(response)
        with in_schema(structure_a):
            person.refresh_from_db()
        assert (person.exit_date, person.exit_autonomous) == (None, "non_communique")
        assert BeneficiaryFact.objects.get(structure=structure_a).exit_date is None

    def test_an_evaluation_before_the_referral_and_a_future_referral_are_refused(self, client_a):
        response = client_a.post("/people/new/", person_post(referral_date="2024-02-10", evaluation_date="2024-02-01"))
        assert response.status_code == 400
        assert "L'évaluation ne peut pas précéder l'orientation" in page_text(response)
        response = client_a.post("/people/new/", person_post(referral_date="2099-01-01"))
        assert response.status_code == 400
        assert "La date ne peut pas être dans le futur." in page_text(response)

    def test_the_structure_dashboard_shows_the_outcomes(self, client_a, structure_a):
        assert "Parcours et résultats" not in page_text(client_a.get("/dashboard/"))
        beneficiary_create(structure=structure_a, referral_source="service_rsa", referral_date=D(2024, 1, 10),
                           exit_date=D(2024, 3, 1), exit_autonomous="oui", exit_situation="emploi")  # fmt: skip
        beneficiary_create(structure=structure_a, referral_source="service_seniors", referral_date=D(2024, 1, 12),
                           exit_date=D(2024, 3, 2), exit_autonomous="non")  # fmt: skip
        text = page_text(client_a.get("/dashboard/", {"start": "2024-01-01", "end": "2024-12-31"}))
        assert "Parcours et résultats" in text
        assert "50 %" in text and "autonome à la sortie" in text
        assert "Service minima sociaux / RSA" in text and "En emploi, y compris indépendant" in text


class TestApi:
    def test_the_api_reads_and_writes_the_journey_with_the_same_rules(self, structure_a, manager_a, in_schema):
        api = api_client(structure_a.host, manager_a)
        response = api.post(
            "/api/v1/people/",
            {"label": "AP", "referral_source": "france_travail", "referral_date": "2024-01-05", "qpv": "non"},
            format="json",
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert (body["referral_source"], body["referral_date"], body["qpv"], body["exit_date"]) == (
            "france_travail", "2024-01-05", "non", None,
        )  # fmt: skip
        response = api.patch(f"/api/v1/people/{body['id']}/", {"exit_situation": "emploi"}, format="json")
        assert response.status_code == 400
        errors = response.json()["errors"]
        assert [e["field"] for e in errors] == ["exit_situation"]
        assert "indiquez d'abord la date de sortie" in errors[0]["message"]
        response = api.patch(f"/api/v1/people/{body['id']}/", {"exit_situation": "emploi",
                                                                "exit_date": "2024-04-01"}, format="json")  # fmt: skip
        assert response.status_code == 200, response.content
        assert response.json()["exit_situation"] == "emploi"
        fact = BeneficiaryFact.objects.get(structure=structure_a)
        assert (fact.exit_situation, fact.exit_date) == ("emploi", D(2024, 4, 1))

    def test_the_stats_endpoint_gives_the_outcomes(self, structure_a, manager_a):
        beneficiary_create(structure=structure_a, referral_source="service_rsa", referral_date=D(2024, 1, 10),
                           exit_date=D(2024, 3, 1), exit_autonomous="oui")  # fmt: skip
        stats = api_client(structure_a.host, manager_a).get(
            "/api/v1/stats/", {"from": "2024-01-01", "to": "2024-12-31"}
        )
        assert stats.status_code == 200
        body = stats.json()
        assert (body["journeys"]["referred"], body["journeys"]["exits"], body["journeys"]["autonomous_share"]) == (
            1, 1, 1.0,
        )  # fmt: skip
        assert body["profile"]["qpv"] == {"oui": 0, "non": 0, "non_communique": 0}
        assert "journeys" in body["definitions"]

    def test_another_structure_cannot_read_or_change_the_journey(self, structure_a, structure_b, manager_b):
        person = beneficiary_create(structure=structure_a, label="AP", referral_partner="CCAS", qpv="oui")
        api = api_client(structure_b.host, manager_b)
        assert api.get(f"/api/v1/people/{person.pk}/").status_code == 404
        assert api.patch(f"/api/v1/people/{person.pk}/", {"qpv": "non"}, format="json").status_code == 404
        assert "CCAS" not in json.dumps(api.get("/api/v1/people/").json())
        assert BeneficiaryFact.objects.get(structure=structure_a).qpv == "oui"


class TestExportsAndAccess:
    def test_the_people_export_and_the_right_of_access_include_the_journey(self, manager_client_a, structure_a):
        person = beneficiary_create(
            structure=structure_a,
            label="JD",
            referral_source="service_rsa",
            referral_partner="CCAS",
            referral_date=D(2024, 1, 10),
            disability="oui",
        )
        response = manager_client_a.get("/data/exports/people/", {"format": "csv"})
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        header, row = rows[0], rows[1]
        assert "Orienté par" in header and "Handicap reconnu" in header
        assert row[header.index("Orienté par")] == "Service minima sociaux / RSA"
        assert row[header.index("Partenaire prescripteur")] == "CCAS"
        data = manager_client_a.get(f"/people/{person.code}/data/", {"format": "json"}).json()
        assert (data["referral_source"], data["referral_partner"], data["referral_date"], data["disability"]) == (
            "service_rsa", "CCAS", "2024-01-10", "oui",
        )  # fmt: skip

    def test_erasure_drops_the_partner_and_keeps_the_anonymous_codes(self, structure_a, in_schema):
        person = beneficiary_create(
            structure=structure_a,
            label="JD",
            referral_source="service_rsa",
            referral_partner="Mme Untel, CCAS",
            referral_date=D(2024, 1, 10),
            qpv="oui",
        )
        beneficiary_erase(structure=structure_a, beneficiary=person)
        with in_schema(structure_a):
            person.refresh_from_db()
        assert (person.referral_partner, person.referral_source, person.qpv) == ("", "service_rsa", "oui")
        assert facts_differences(structure_a) == {}

    def test_a_merge_keeps_the_journey_of_the_duplicate(self, structure_a, manager_a, in_schema):
        keep = beneficiary_create(structure=structure_a, label="JD")
        duplicate = beneficiary_create(
            structure=structure_a,
            label="JD",
            referral_source="service_rsa",
            referral_date=D(2024, 1, 10),
            exit_date=D(2024, 2, 1),
            exit_autonomous="oui",
        )
        beneficiary_merge(structure=structure_a, keep=keep, duplicate=duplicate, user=manager_a)
        with in_schema(structure_a):
            keep.refresh_from_db()
        assert (keep.referral_source, keep.exit_date, keep.exit_autonomous) == ("service_rsa", D(2024, 2, 1), "oui")
        assert facts_differences(structure_a) == {}


class TestImport:
    def upload(self, client, rows):
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        upload = SimpleUploadedFile("personnes.csv", out.getvalue().encode(), content_type="text/csv")
        return client.post("/data/import/", {"kind": "people", "file": upload})

    def test_the_journey_columns_are_optional_and_checked_all_or_nothing(self, manager_client_a, structure_a,
                                                                         in_schema):  # fmt: skip
        good = {"initiales": "AA", "qpv": "oui", "date_orientation": "10/01/2024", "orientation_source": "autre"}
        bad = {"initiales": "BB", "qpv": "peut-être", "date_orientation": "", "orientation_source": "autre"}
        response = self.upload(manager_client_a, [good, bad])
        assert response.status_code == 400
        text = page_text(response)
        assert "qpv" in text and "Valeur inconnue « peut-être »" in text and "3" in text
        with in_schema(structure_a):
            assert not Beneficiary.objects.exists()
        response = self.upload(manager_client_a, [good, {"initiales": "CC"}])
        assert response.status_code == 302
        with in_schema(structure_a):
            people = {p.label: p for p in Beneficiary.objects.all()}
        assert (people["AA"].qpv, people["AA"].referral_date, people["AA"].referral_source) == (
            "oui", D(2024, 1, 10), "autre",
        )  # fmt: skip
        assert (people["CC"].qpv, people["CC"].referral_source) == ("non_communique", "non_communique")
        assert facts_differences(structure_a) == {}


class TestFigures:
    def test_journeys_profile_and_ages_from_the_facts(self, structure_a, structure_b, referent_a, referent_b):
        a1 = beneficiary_create(structure=structure_a, gender="feminin", birth_year=1990, referral_source="service_rsa",
                                referral_date=D(2024, 1, 10), evaluation_date=D(2024, 1, 15), exit_date=D(2024, 3, 1),
                                exit_autonomous="oui", exit_situation="emploi", minimum_income="oui",
                                exit_minimum_income="non", qpv="oui", single_parent="oui")  # fmt: skip
        a2 = beneficiary_create(structure=structure_a, gender="masculin", birth_year=1950,
                                referral_source="service_seniors", referral_date=D(2024, 1, 12),
                                exit_date=D(2024, 3, 2), exit_autonomous="non", qpv="non")  # fmt: skip
        beneficiary_create(structure=structure_a, referral_date=D(2023, 6, 1), exit_date=D(2023, 12, 1),
                           exit_autonomous="oui")  # fmt: skip
        b1 = beneficiary_create(structure=structure_b, birth_year=2001, qpv="oui", referral_date=D(2024, 2, 1))
        workshop(structure_a, referent_a, people=[a1, a2], date=D(2024, 2, 5))
        workshop(structure_a, referent_a, people=[a1], date=D(2024, 5, 17))
        workshop(structure_b, referent_b, people=[b1], date=D(2024, 2, 6))
        figures = compute_figures(structure_ids=[structure_a.pk], start=D(2024, 1, 1), end=D(2024, 12, 31))
        journeys = figures.journeys
        assert (journeys["referred"], journeys["evaluated"], journeys["exits"]) == (2, 1, 2)
        assert journeys["referral_sources"]["service_rsa"] == 1
        assert journeys["referral_sources"]["service_seniors"] == 1
        assert journeys["exit_situations"] == {"emploi": 1, "formation": 0, "recherche_emploi": 0, "inactif": 0,
                                               "autre": 0, "non_communique": 1}  # fmt: skip
        assert (journeys["autonomous_at_exit"], journeys["autonomous_share"], journeys["left_minimum_income"]) == (
            1, 0.5, 1,
        )  # fmt: skip
        profile = figures.profile
        assert profile["qpv"] == {"oui": 1, "non": 1, "non_communique": 0} and profile["qpv_share"] == 0.5
        assert profile["single_parent_share"] == 1.0 and profile["disability_share"] is None
        assert figures.ages == {34: 1, 74: 1}
        # Days around whole months (another query path): the same people.
        days = compute_figures(structure_ids=[structure_a.pk], start=D(2024, 2, 3), end=D(2024, 5, 20))
        assert days.profile["qpv"] == profile["qpv"] and days.ages == figures.ages
        assert (days.journeys["referred"], days.journeys["exits"]) == (0, 2)
        # Isolation of the scope: structure B's person is not in A's figures, and is in B's.
        assert compute_figures(structure_ids=[structure_b.pk], start=D(2024, 1, 1), end=D(2024, 12, 31)).ages == {23: 1}


class TestCheckFacts:
    def test_check_facts_finds_a_journey_fact_that_drifted_and_rebuilds_it(self, structure_a):
        beneficiary_create(structure=structure_a, referral_date=D(2024, 1, 10), exit_date=D(2024, 2, 1), qpv="oui")
        BeneficiaryFact.objects.filter(structure=structure_a).update(qpv="non", exit_date=None)
        out = io.StringIO()
        with pytest.raises(CommandError):
            call_command("check_facts", structure=structure_a.slug, stdout=out)
        assert "beneficiaries: 1 missing, 1 in excess" in out.getvalue()
        call_command("check_facts", structure=structure_a.slug, rebuild=True, stdout=io.StringIO())
        fact = BeneficiaryFact.objects.get(structure=structure_a)
        assert (fact.qpv, fact.exit_date) == ("oui", D(2024, 2, 1))
        assert facts_differences(structure_a) == {}
