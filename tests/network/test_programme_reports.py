"""Each article's programme in the demo: the coordinator opens its funder report and finds the
article's figures (``docs/PROGRAMMES.md`` lists them and where the report shows them).

The whole demo is seeded once for this module, in a transaction rolled back at its end; the pages
are read over HTTP as the demo's coordinator, and each test compares one figure of an article with
the text of its report.
"""

import html
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction

from network import demo as pilot_demo
from network import demo_programmes
from network.models import Programme
from tests.conftest import host_client

PROGRAMMES = {
    "pilot": pilot_demo.PROGRAMME,
    "bagnolet": demo_programmes.BAGNOLET_PROGRAMME,
    "charente": demo_programmes.CHARENTE_PROGRAMME,
    "landes": demo_programmes.LANDES_PROGRAMME,
}


def _text(response) -> str:
    assert response.status_code == 200
    body = response.content.decode().split('id="main"', 1)[-1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker):
    """The text of each programme's funder report and targets page, over the seeded demo."""
    with django_db_blocker.unblock(), transaction.atomic():
        connection.set_schema_to_public()
        call_command("seed_demo")
        from tenants.models import User

        client = host_client("localhost", User.objects.get(email="coordination@demo.test"))
        texts = {}
        for key, name in PROGRAMMES.items():
            pk = Programme.objects.get(name=name).pk
            texts[key] = _text(client.get(f"/reseau/programmes/{pk}/bilan/"))
            texts[f"{key}-targets"] = _text(client.get(f"/reseau/programmes/{pk}/objectifs/"))
            texts[f"{key}-fse"] = _text(client.get(f"/reseau/programmes/{pk}/fse/"))
        texts["programmes"] = _text(client.get("/reseau/programmes/"))
        transaction.set_rollback(True)
    cache.clear()
    return texts


def shows(text: str, pattern: str) -> bool:
    return re.search(pattern, text) is not None


def test_the_coordinator_reaches_every_programme(pages):
    for name in PROGRAMMES.values():
        assert name in pages["programmes"]


class TestPilot:
    """The pilot's published figures stay exact beside the other programmes."""

    @pytest.mark.parametrize(
        "pattern",
        [
            r"Sur les 22 structures qui ont candidaté .*, 5 ont été sélectionnées",
            r"\b13 référents des 5 structures ont été formés",
            r"\b56 sessions : 32 ateliers thématiques ou permanences individuelles, et 24 parcours",
            r"\b144 personnes ont été accompagnées .* 136 d'entre elles",
            r"\b61 % de femmes et 39 % d'hommes, avec une moyenne d'âge de 60 ans",
            r"jeudi 14 décembre 2023",
        ],
    )
    def test_published_figure(self, pages, pattern):
        assert shows(pages["pilot"], pattern)

    def test_no_section_the_published_report_does_not_have(self, pages):
        headings = ("Équipement et aides à la connexion", "Réunions de sensibilisation", "Compétences évaluées")
        for heading in headings:
            assert heading not in pages["pilot"]


class TestBagnolet:
    def test_32_people_reached(self, pages):
        assert shows(pages["bagnolet"], r"\b32 personnes ont été accompagnées")

    def test_32_reached_of_40_planned_is_80_percent(self, pages):
        assert shows(pages["bagnolet"], r"Objectifs du programme .* Personnes accompagnées 32 40 80 % Non")
        assert shows(pages["bagnolet-targets"], r"Personnes accompagnées 40 32 80 %")

    def test_the_article_s_90_percent_is_noted_as_80(self, pages):
        notes = r"Notes sur les chiffres .*« atteint à 90 % » ; 32 personnes sur 40 prévues font 80 %"
        assert shows(pages["bagnolet"], notes)

    def test_the_51_people_that_do_not_add_up_are_noted(self, pages):
        assert shows(pages["bagnolet"], r"« 51 personnes \(32 RSA et 15 seniors\) », qui ne s'additionnent pas")

    def test_59_percent_aged_25_to_44(self, pages):
        # 19 of 32 = 59.375 %, "59.37 %" in the article.
        assert shows(pages["bagnolet"], r"Tranches d'âge demandées par le financeur .* 25–44 19 59,4 ")

    def test_goals_80_percent_autonomous_and_50_percent_in_priority_neighbourhoods(self, pages):
        text = pages["bagnolet"]
        # No answer is known: no result, neither reached nor missed.
        assert shows(text, r"Part autonomes à la sortie – 80 % – Pas encore de résultat")
        assert shows(text, r"Part habitant un quartier prioritaire \(QPV\) – 50 % – Pas encore de résultat")
        assert shows(text, r"Objectifs de 80 % d'autonomes et de 50 % en quartier prioritaire : la fiche ne publie pas")

    def test_a_year_of_the_three_year_budget(self, pages):
        assert shows(pages["bagnolet"], r"Budget du programme : 86 350 €")
        assert shows(pages["bagnolet"], r"259 050 / 3 = 86 350 €")

    def test_the_ccas_own_funds_21325_euros_a_year(self, pages):
        assert shows(pages["bagnolet"], r"CCAS de Bagnolet \(fonds propres\) 21 325 € 24,7 %")

    def test_cost_per_person(self, pages):
        assert shows(pages["bagnolet"], r"Coût par personne accompagnée : 2 698,44 € \(32 personnes accompagnées\)")

    def test_the_ccas_and_its_year(self, pages):
        assert shows(pages["bagnolet"], r"1 structure a participé au programme pendant 12 mois : CCAS de Bagnolet")
        assert "janvier 2014 – décembre 2014" in pages["bagnolet"]

    def test_workshops_an_intensive_course_and_two_redynamisation_courses(self, pages):
        assert shows(pages["bagnolet"], r"\b3 parcours d'initiation en plusieurs séances \(3 sur ordinateur")

    def test_25_laptops(self, pages):
        assert shows(pages["bagnolet"], r"\b25 ordinateurs portables\b")

    def test_7_desktops(self, pages):
        assert shows(pages["bagnolet"], r"\b7 ordinateurs fixes\b")

    def test_32_computers_to_32_people(self, pages):
        assert shows(pages["bagnolet"], r"\b32 équipements ont été donnés")
        assert shows(pages["bagnolet"], r"\b32 personnes ont été équipées")

    def test_22_subsidies_of_150_euros(self, pages):
        assert shows(pages["bagnolet"], r"\b22 aides à la connexion ont été attribuées, 3300 € au total")

    def test_two_ceremonies_of_12_and_20_people(self, pages):
        assert shows(pages["bagnolet"], r"novembre 2014 12 12 ")
        assert shows(pages["bagnolet"], r"décembre 2014 20 20 ")

    def test_referred_by_the_rsa_service_and_the_seniors_service(self, pages):
        # 32 of the "51 (32 RSA et 15 seniors)", split in the article's own ratio.
        assert shows(pages["bagnolet"], r"Service minima sociaux / RSA 22 68,8 Service seniors 10 31,2")

    def test_each_oriented_after_a_social_evaluation_then_out_of_the_scheme(self, pages):
        assert shows(pages["bagnolet"], r"\b32 orientés 32 évalués 32 personnes suivies accompagnées 32 sorties")

    def test_62_5_percent_single_parents(self, pages):
        assert shows(pages["bagnolet"], r"\b62,5 % parents isolés")

    def test_its_funders(self, pages):
        for funder in ("Est Ensemble", "Conseil général de la Seine-Saint-Denis", "CCAS de Bagnolet (fonds propres)"):
            assert funder in pages["bagnolet"]


class TestCharente:
    def test_15_months_from_april_2017(self, pages):
        assert "avril 2017 – juin 2018" in pages["charente"]
        assert shows(pages["charente"], r"pendant 15 mois")

    def test_15000_letters(self, pages):
        assert shows(pages["charente"], r"\b15\s000 personnes invitées")

    def test_3000_people_at_the_awareness_meetings(self, pages):
        assert shows(pages["charente"], r"réunions de sensibilisation : 15\s000 personnes invitées, 3\s000 présentes")

    def test_3000_people_met_counted_once(self, pages):
        assert shows(pages["charente"], r"\b3\s000 personnes ont été accompagnées")

    def test_200_chose_individual_follow_up(self, pages):
        assert shows(pages["charente"], r"\b200 ont choisi un accompagnement individuel")

    def test_the_200_referred_by_the_departement_s_letters(self, pages):
        assert shows(pages["charente"], r"Service minima sociaux / RSA 200 100,0")

    def test_several_left_the_rsa(self, pages):
        assert shows(pages["charente"], r"\b8 personnes ne perçoivent plus de minima sociaux à la sortie")

    def test_the_fse_table_of_the_200_rsa_recipients(self, pages):
        assert shows(pages["charente-fse"], r"Participants 100 100 0 200 ")
        assert shows(pages["charente-fse"], r"Bénéficiaires de minima sociaux \(RSA…\) 100 100 0 200 ")

    def test_1200_logins_to_the_e_learning_platform(self, pages):
        assert shows(pages["charente"], r"Connexions à la plateforme d'e-learning : 1 200 connexions \(source : ")

    def test_next_step_1700_new_rsa_entrants_a_year(self, pages):
        assert shows(pages["charente"], r"Nouveaux entrants au RSA chaque année .* : 1 700 par an \(source : ")

    def test_fse_about_half(self, pages):
        assert shows(pages["charente"], r"Financement .* Fonds social européen – 50 %")


class TestLandes:
    def test_a_departmental_network_of_five_places(self, pages):
        assert shows(pages["landes"], r"\b5 structures ont participé au programme pendant 23 mois")
        assert "février 2020 – décembre 2021" in pages["landes"]

    def test_helpers_trained(self, pages):
        assert shows(pages["landes"], r"\b15 référents des 5 structures ont été formés")

    def test_skills_assessed_with_the_shared_reference(self, pages):
        assert "Progression des compétences par domaine" in pages["landes"]
        assert shows(pages["landes"], r"Information et données 30 [0-9,]+ 30 ")

    def test_refurbished_computers_of_ordi_pin40(self, pages):
        assert shows(pages["landes"], r"\b15 équipements ont été donnés .* 15 reconditionnés")

    def test_the_fse_participant_table(self, pages):
        assert shows(pages["landes-fse"], r"Participants \d+ \d+ 0 50 ")
        assert shows(pages["landes-fse"], r"Participants sortis \d+ \d+ 0 30 ")

    def test_a_founding_seminar_of_80_people(self, pages):
        assert shows(pages["landes"], r"séminaire fondateur \(Morcenx-la-Nouvelle, 2 octobre 2020\) : 80 participants")

    def test_fse(self, pages):
        assert "Fonds social européen" in pages["landes"]
