"""The FSE summary table of a programme and the journey section of its funder report, from the coordinator's side."""

import csv
import datetime
import io

import pytest

from figures.fse import fse_table
from network import services
from tests.conftest import host_client, page_text
from tests.training.conftest import workshop
from training.services.people import beneficiary_create

D = datetime.date
SECRET = "Zéphyrine"
PARTNER = "Mme Secrète du CCAS"


@pytest.fixture
def fse_programme(structure_a, structure_b, referent_a, referent_b):
    """Two structures of a 2024 programme: four participants, two exits, and one person of another year."""
    programme = services.programme_create(name="Inclusion FSE", territory="Landes", start=D(2024, 1, 1),
                                          end=D(2024, 12, 31))  # fmt: skip
    for structure in (structure_a, structure_b):
        services.coaching_plan_create(programme=programme, structure=structure, start=D(2024, 1, 1))
    woman = beneficiary_create(
        structure=structure_a, label=SECRET, gender="feminin", birth_year=2002, employment_situation="chomeur",
        education_level="cite_0_2", minimum_income="oui", single_parent="oui", qpv="oui",
        referral_source="service_rsa", referral_partner=PARTNER, referral_date=D(2024, 1, 5),
        exit_date=D(2024, 6, 30), exit_autonomous="oui", exit_situation="emploi", exit_minimum_income="non",
    )  # fmt: skip
    man = beneficiary_create(
        structure=structure_a, gender="masculin", birth_year=1960, employment_situation="chomeur_longue_duree",
        education_level="cite_3_4", disability="oui", referral_date=D(2024, 2, 1), exit_date=D(2024, 7, 1),
        exit_autonomous="non", exit_situation="recherche_emploi",
    )  # fmt: skip
    unknown = beneficiary_create(structure=structure_a, employment_situation="inactif")
    other = beneficiary_create(structure=structure_b, gender="feminin", birth_year=1984, qpv="non",
                               employment_situation="en_emploi")  # fmt: skip
    earlier = beneficiary_create(structure=structure_b, gender="feminin", birth_year=1990, qpv="oui")
    workshop(structure_a, referent_a, people=[woman, man, unknown], date=D(2024, 3, 14))
    workshop(structure_a, referent_a, people=[woman], date=D(2024, 4, 2))
    workshop(structure_b, referent_b, people=[other], date=D(2024, 12, 20))
    workshop(structure_b, referent_b, people=[earlier], date=D(2023, 11, 20))
    return programme


def rows_by_code(rows):
    return {r["code"]: (r["women"], r["men"], r["unknown"], r["total"]) for r in rows}


def test_the_fse_table_counts_participants_at_entry_and_exit(fse_programme, structure_a, structure_b):
    table = fse_table(structure_ids=[structure_a.pk, structure_b.pk], start=D(2024, 1, 1), end=D(2024, 12, 31))
    entry, exit_ = rows_by_code(table["entry"]), rows_by_code(table["exit"])
    assert entry["participants"] == (2, 1, 1, 4)
    assert entry["chomeurs_y_compris_longue_duree"] == (1, 1, 0, 2)
    assert entry["chomeur_longue_duree"] == (0, 1, 0, 1)
    assert entry["en_emploi"] == (1, 0, 0, 1) and entry["inactif"] == (0, 0, 1, 1)
    assert entry["moins_25"] == (1, 0, 0, 1)
    assert entry["25_54"] == (1, 0, 0, 1)
    assert entry["plus_54"] == (0, 1, 0, 1)
    assert entry["age_non_communique"] == (0, 0, 1, 1)
    assert entry["employment_non_communique"] == (0, 0, 0, 0)
    assert entry["education_non_communique"] == (1, 0, 1, 2) and entry["cite_5_8"] == (0, 0, 0, 0)
    assert entry["cite_0_2"] == (1, 0, 0, 1) and entry["cite_3_4"] == (0, 1, 0, 1)
    assert entry["minimum_income"] == (1, 0, 0, 1) and entry["single_parent"] == (1, 0, 0, 1)
    assert entry["disability"] == (0, 1, 0, 1) and entry["qpv"] == (1, 0, 0, 1)
    assert exit_["exits"] == (1, 1, 0, 2)
    assert exit_["emploi"] == (1, 0, 0, 1) and exit_["recherche_emploi"] == (0, 1, 0, 1)
    assert exit_["autonomous"] == (1, 0, 0, 1) and exit_["left_minimum_income"] == (1, 0, 0, 1)
    # A period of days (not whole months) goes through the facts: the same people.
    days = fse_table(structure_ids=[structure_a.pk], start=D(2024, 3, 10), end=D(2024, 4, 5))
    assert rows_by_code(days["entry"])["participants"] == (1, 1, 1, 3)
    assert rows_by_code(days["exit"])["exits"] == (0, 0, 0, 0)


def test_the_coordinator_reads_and_exports_the_fse_page(coordinator_client, fse_programme):
    url = f"/reseau/programmes/{fse_programme.pk}/fse/"
    detail = page_text(coordinator_client.get(f"/reseau/programmes/{fse_programme.pk}/"))
    assert url in detail
    response = coordinator_client.get(url)
    assert response.status_code == 200
    text = page_text(response)
    for heading in ("Participants", "Chômeurs, y compris de longue durée", "Moins de 25 ans", "CITE 0 à 2",
                    "Personnes vivant dans un quartier prioritaire de la politique de la ville", "Participants sortis",
                    "faits anonymes"):  # fmt: skip
        assert heading in text, heading
    assert SECRET not in text and PARTNER not in text
    export = coordinator_client.get(url, {"format": "csv"})
    assert export.status_code == 200 and export["Content-Disposition"].endswith('fse-fse.csv"')
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Moment", "Groupe", "Code", "Indicateur", "Femmes", "Hommes", "Genre non communiqué", "Total"]
    participants = next(r for r in rows if r[2] == "participants")
    assert participants[4:] == ["2", "1", "1", "4"]
    assert SECRET.encode() not in export.content and PARTNER.encode() not in export.content
    xlsx = coordinator_client.get(url, {"format": "xlsx"})
    assert xlsx.status_code == 200 and SECRET.encode() not in xlsx.content


def test_only_a_coordinator_reaches_the_fse_page(fse_programme, structure_a, manager_a, referent_a, network_client):
    url = f"/reseau/programmes/{fse_programme.pk}/fse/"
    assert host_client("localhost", manager_a).get(url).status_code == 403
    assert host_client("localhost", referent_a).get(url).status_code == 403
    assert network_client.get(url).status_code == 302
    assert host_client(structure_a.host, manager_a).get(url).status_code in (403, 404)


def test_the_report_shows_the_journeys_when_there_are_some(coordinator_client, fse_programme, structure_a):
    response = coordinator_client.get(f"/reseau/programmes/{fse_programme.pk}/bilan/")
    text = page_text(response)
    assert 'id="journeys"' in text and "Parcours et résultats" in text
    assert "2 personnes sont sorties du programme ; 1 autonomes à la sortie." in text
    assert "Service minima sociaux / RSA" in text
    assert "Tranches d'âge du FSE" in text
    assert f"/reseau/programmes/{fse_programme.pk}/fse/" in text
    assert SECRET not in text and PARTNER not in text


def test_a_report_without_journeys_has_no_journey_section(coordinator_client, structure_a, referent_a):
    programme = services.programme_create(name="Sans parcours", start=D(2024, 1, 1), end=D(2024, 12, 31))
    services.coaching_plan_create(programme=programme, structure=structure_a, start=D(2024, 1, 1))
    person = beneficiary_create(structure=structure_a, gender="feminin", birth_year=1970)
    workshop(structure_a, referent_a, people=[person], date=D(2024, 3, 14))
    text = page_text(coordinator_client.get(f"/reseau/programmes/{programme.pk}/bilan/"))
    assert 'id="journeys"' not in text and "date d'orientation" not in text


def test_the_api_gives_the_same_fse_table_to_coordinators_only(fse_programme, coordinator, manager_a, referent_a):
    from tests.api.conftest import api_client

    url = f"/api/v1/programmes/{fse_programme.pk}/fse/"
    response = api_client("localhost", coordinator).get(url)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["programme"] == fse_programme.pk and body["start"] == "2024-01-01"
    assert rows_by_code(body["entry"])["participants"] == (2, 1, 1, 4)
    assert rows_by_code(body["exit"]) == rows_by_code(fse_table(**_scope(fse_programme))["exit"])
    assert SECRET not in response.content.decode() and PARTNER not in response.content.decode()
    for user in (manager_a, referent_a):
        assert api_client("localhost", user).get(url).status_code in (401, 403)
    assert api_client("localhost", None).get(url).status_code in (401, 403)


def _scope(programme):
    ids = list(programme.plans.values_list("structure_id", flat=True))
    return {"structure_ids": ids, "start": programme.start, "end": programme.end}
