"""Periods compared, from the user's side: the network's dashboard, the structure's dashboard, the funder
report, their exports and the ``stats/`` endpoints with ``compare``."""

import csv
import datetime
import io

import pytest

from network import services
from network.figures import network_figures
from tests.api.conftest import api_client
from tests.conftest import host_client, page_text
from training.services.activities import activity_create
from training.services.people import beneficiary_create

D = datetime.date
NETWORK = "localhost"
PERIOD = {"start": "2024-01-01", "end": "2024-06-30"}


@pytest.fixture
def logged(structure_a, structure_b):
    """Activities in the first half of 2024, of 2023 (a year earlier) and in the second half of 2023 (before)."""
    alice = beneficiary_create(structure=structure_a, label="AL", gender="feminin", birth_year=1960)
    bob = beneficiary_create(structure=structure_a, label="BO", gender="masculin", birth_year=1980)
    # The period: 2 sessions, 4 people, 1 woman of 1 known gender among the followed people.
    activity_create(
        structure=structure_a, user=None, kind="workshop", date=D(2024, 3, 10), duration_minutes=90,
        themes=["email"], beneficiaries=[alice], anonymous_total=2,
    )  # fmt: skip
    activity_create(
        structure=structure_b, user=None, kind="dropin", date=D(2024, 2, 1), duration_minutes=30,
        themes=["sante"], anonymous_total=1,
    )  # fmt: skip
    # The previous period (second half of 2023): 1 workshop, 2 people (one man).
    activity_create(
        structure=structure_a, user=None, kind="workshop", date=D(2023, 9, 10), duration_minutes=60,
        themes=["email"], beneficiaries=[bob], anonymous_total=1,
    )  # fmt: skip
    # A year earlier (first half of 2023): 3 drop-ins, 3 people (anonymous).
    for day in (5, 6, 7):
        activity_create(
            structure=structure_b, user=None, kind="dropin", date=D(2023, 4, day), duration_minutes=30,
            themes=["sante"], anonymous_total=1,
        )  # fmt: skip


@pytest.fixture
def half_year(db, structure_a, structure_b):
    programme = services.programme_create(
        name="Programme 2024", territory="Lille", start=D(2024, 1, 1), end=D(2024, 6, 30), funders=[]
    )
    for s in (structure_a, structure_b):
        services.coaching_plan_create(programme=programme, structure=s, start=programme.start)
    return programme


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0])
    return list(csv.reader(io.StringIO(text), dialect))


class TestNetworkDashboard:
    def test_previous_period_side_by_side(self, coordinator_client, logged, structure_a, structure_b):
        scope = {**PERIOD, "structures": [structure_a.pk, structure_b.pk]}
        response = coordinator_client.get("/reseau/", {**scope, "compare": "previous"})
        assert response.status_code == 200
        comparison = response.context["comparison"]
        assert (comparison["start"], comparison["end"]) == (D(2023, 7, 1), D(2023, 12, 31))
        # Both periods computed by network_figures with the same scope.
        before = network_figures(structure_ids=[structure_a.pk, structure_b.pk], start=D(2023, 7, 1),
                                 end=D(2023, 12, 31))  # fmt: skip
        rows = {key: (value, previous, change) for key, _label, value, previous, change in comparison["rows"]}
        assert rows["sessions"][:2] == (2, before.sessions) == (2, 1)
        assert rows["people"][:2] == (4, 2)
        assert (rows["people"][2].difference, rows["people"][2].percent) == (2, 100.0)
        assert rows["women_share"][:2] == ("100 %", "0 %")
        assert rows["women_share"][2].difference == 100.0 and rows["women_share"][2].percent is None  # points
        text = page_text(response)
        assert "Comparer avec" in text
        assert "Période précédente" in text
        assert "01/07/2023 – 31/12/2023" in text  # the previous period's dates in the heading
        assert "En hausse :" in text  # not colour only: a word for screen readers, a sign for everyone
        assert "+2" in text and "(+100 %)" in text
        assert 'scope="col"' in text

    def test_a_year_earlier(self, coordinator_client, logged, structure_a, structure_b):
        scope = {**PERIOD, "structures": [structure_a.pk, structure_b.pk]}
        response = coordinator_client.get("/reseau/", {**scope, "compare": "year"})
        comparison = response.context["comparison"]
        assert (comparison["start"], comparison["end"]) == (D(2023, 1, 1), D(2023, 6, 30))
        rows = {key: (value, previous, change) for key, _label, value, previous, change in comparison["rows"]}
        assert rows["dropins"][:2] == (1, 3)
        assert rows["dropins"][2].direction == "down"
        assert rows["dropins"][2].percent == -66.7
        text = page_text(response)
        assert "Même période l'année précédente" in text
        assert "En baisse :" in text and "−2" in text

    def test_a_programme_brings_its_period(self, coordinator_client, logged, half_year):
        response = coordinator_client.get("/reseau/", {"programme": half_year.pk, "compare": "previous"})
        assert (response.context["comparison"]["start"], response.context["comparison"]["end"]) == (
            D(2023, 7, 1), D(2023, 12, 31),
        )  # fmt: skip

    def test_without_compare_unchanged(self, coordinator_client, logged):
        response = coordinator_client.get("/reseau/", PERIOD)
        assert response.context["comparison"] is None
        assert 'id="figure-people"' in page_text(response)
        assert "compared-figures" not in page_text(response)

    def test_an_open_period_is_explained_in_the_form(self, coordinator_client, logged):
        for query in ({"start": "2024-01-01", "compare": "previous"}, {"compare": "year"}):
            response = coordinator_client.get("/reseau/", query)
            assert response.status_code == 200
            text = page_text(response)
            assert "Une période ouverte à l'une de ses extrémités ne peut pas être comparée" in text
            assert response.context["comparison"] is None
        response = coordinator_client.get("/reseau/", {**PERIOD, "compare": "decade"})
        assert response.status_code == 200
        assert "Sélectionnez un choix valide" in page_text(response)

    def test_the_export_carries_the_same_columns(self, coordinator_client, logged, structure_a, structure_b):
        query = {**PERIOD, "structures": [structure_a.pk, structure_b.pk], "compare": "previous"}
        response = coordinator_client.get("/reseau/", {**query, "table": "figures", "format": "csv"})
        assert response.status_code == 200
        header, *rows = csv_rows(response)
        assert header == ["Indicateur", "Valeur", "Période de comparaison (01/07/2023 – 31/12/2023)",
                          "Évolution (en points pour une part)", "Évolution (%)"]  # fmt: skip
        people = next(r for r in rows if r[0] == "Personnes accompagnées")
        assert people[1:3] == ["4", "2"]
        assert people[3] == "2" and people[4].replace(",", ".") in ("100.0", "100")
        xlsx = coordinator_client.get("/reseau/", {**query, "table": "figures", "format": "xlsx"})
        assert xlsx.status_code == 200
        plain = coordinator_client.get("/reseau/", {**PERIOD, "table": "figures", "format": "csv"})
        assert csv_rows(plain)[0] == ["Indicateur", "Valeur"]

    def test_a_shared_link_form_has_no_comparison(self, coordinator_client):
        response = coordinator_client.get("/reseau/partages/")
        assert response.status_code == 200
        assert 'name="compare"' not in page_text(response)


class TestStructureDashboard:
    def test_same_select_and_columns(self, structure_a, referent_a, logged):
        client = host_client(structure_a.host, referent_a)
        response = client.get("/dashboard/", {**PERIOD, "compare": "previous"})
        assert response.status_code == 200
        comparison = response.context["comparison"]
        assert (comparison["start"], comparison["end"]) == (D(2023, 7, 1), D(2023, 12, 31))
        rows = {key: (value, previous, change) for key, _label, value, previous, change in comparison["rows"]}
        # Structure A only: its workshop in March 2024 (3 people) and in September 2023 (2 people).
        assert rows["people"][:2] == (3, 2)
        assert rows["workshops"][:2] == (1, 1) and rows["workshops"][2].direction == "same"
        assert rows["hours"][:2] == (1.5, 1.0)
        text = page_text(response)
        assert "Comparer avec" in text and "01/07/2023 – 31/12/2023" in text
        assert "Stable :" in text
        year = client.get("/dashboard/", {**PERIOD, "compare": "year"})
        assert year.context["comparison"]["rows"][0][2:4] == (1, 0)  # sessions: 1 now, none a year earlier
        assert year.context["comparison"]["rows"][0][4].percent is None  # no percent of nothing

    def test_without_compare_unchanged_and_bad_value_explained(self, structure_a, referent_a, logged):
        client = host_client(structure_a.host, referent_a)
        response = client.get("/dashboard/", PERIOD)
        assert response.context["comparison"] is None
        assert "compared-figures" not in page_text(response)
        response = client.get("/dashboard/", {**PERIOD, "compare": "n'importe"})
        assert response.status_code == 200
        assert "Sélectionnez un choix valide" in page_text(response)

    def test_before_the_first_day_explained(self, structure_a, referent_a):
        client = host_client(structure_a.host, referent_a)
        response = client.get("/dashboard/", {"start": "1900-01-01", "end": "1900-12-31", "compare": "previous"})
        assert response.status_code == 200
        assert "La période de comparaison commencerait avant le 01/01/1900." in page_text(response)


class TestFunderReport:
    def test_the_report_without_compare_stays_as_today(self, coordinator_client, logged, half_year):
        response = coordinator_client.get(f"/reseau/programmes/{half_year.pk}/bilan/")
        assert response.status_code == 200
        text = page_text(response)
        assert "Comparaison avec la période précédente" not in text
        assert response.context["comparison"] is None

    def test_compare_adds_the_section(self, coordinator_client, logged, half_year):
        url = f"/reseau/programmes/{half_year.pk}/bilan/"
        response = coordinator_client.get(url, {"compare": "year"})
        assert response.status_code == 200
        text = page_text(response)
        assert "Comparaison avec la période précédente" in text
        assert "Même période l'année précédente, du 01/01/2023 au 30/06/2023" in text
        comparison = response.context["comparison"]
        rows = {key: (value, previous) for key, _label, value, previous, _change in comparison["rows"]}
        assert rows["structures"] == (2, 2)
        assert rows["sessions"] == (2, 3)
        assert rows["workshops_and_dropins"] == (2, 3)
        assert rows["people"] == (4, 3)
        assert set(rows) >= {"courses", "people_in_courses", "women_share", "mean_age", "hours"}
        previous = coordinator_client.get(url, {"compare": "previous"})
        assert previous.context["comparison"]["start"] == D(2023, 7, 1)
        export = coordinator_client.get(url, {"compare": "previous", "table": "comparison", "format": "csv"})
        assert export.status_code == 200
        assert csv_rows(export)[0][2] == "Période de comparaison (01/07/2023 – 31/12/2023)"

    def test_a_bad_value_is_explained(self, coordinator_client, logged, half_year):
        response = coordinator_client.get(f"/reseau/programmes/{half_year.pk}/bilan/", {"compare": "x"})
        assert response.status_code == 200
        assert "Sélectionnez un choix valide" in page_text(response)
        assert response.context["comparison"] is None


class TestApi:
    def test_network_stats_with_compare(self, coordinator, logged, structure_a, structure_b):
        client = api_client(NETWORK, coordinator)
        query = {"from": "2024-01-01", "to": "2024-06-30", "structure": [structure_a.pk, structure_b.pk]}
        plain = client.get("/api/v1/stats/", query).json()
        assert "comparison" not in plain
        data = client.get("/api/v1/stats/", {**query, "compare": "previous"}).json()
        assert {k: v for k, v in data.items() if k != "comparison"} == plain
        comparison = data["comparison"]
        assert (comparison["start"], comparison["end"]) == ("2023-07-01", "2023-12-31")
        assert comparison["figures"]["people"] == 2
        assert sorted(comparison["figures"]) == sorted(k for k in plain if k != "definitions")
        assert comparison["change"]["people"] == {"difference": 2.0, "percent": 100.0}
        assert comparison["change"]["women_share"] == {"difference": 100.0, "percent": None}
        year = client.get("/api/v1/stats/", {**query, "compare": "year"}).json()["comparison"]
        assert (year["start"], year["end"]) == ("2023-01-01", "2023-06-30")
        assert year["change"]["dropins"] == {"difference": -2.0, "percent": -66.7}

    def test_structure_stats_with_compare(self, structure_a, referent_a, logged):
        client = api_client(structure_a.host, referent_a)
        data = client.get("/api/v1/stats/", {"from": "2024-01-01", "to": "2024-06-30", "compare": "year"}).json()
        assert data["comparison"]["figures"]["activities"]["total"] == 0
        assert data["comparison"]["change"]["sessions"] == {"difference": 1.0, "percent": None}

    def test_bad_values_in_french(self, coordinator, structure_a, referent_a):
        for client in (api_client(NETWORK, coordinator), api_client(structure_a.host, referent_a)):
            bad = client.get("/api/v1/stats/", {"from": "2024-01-01", "to": "2024-06-30", "compare": "decade"})
            assert bad.status_code == 400
            body = bad.json()
            assert body["errors"][0]["field"] == "compare"
            assert "choix valide" in body["detail"]
            opened = client.get("/api/v1/stats/", {"from": "2024-01-01", "compare": "previous"})
            assert opened.status_code == 400
            assert opened.json() == {
                "detail": "Une période ouverte à l'une de ses extrémités ne peut pas être comparée : choisissez son "
                "premier et son dernier jour.",
                "errors": [
                    {
                        "field": "compare",
                        "message": "Une période ouverte à l'une de ses extrémités ne peut pas être comparée : "
                        "choisissez son premier et son dernier jour.",
                    }
                ],
            }

    def test_the_schema_documents_compare(self, coordinator):
        response = api_client(NETWORK, coordinator).get("/api/v1/schema/", {"format": "json"})
        assert response.status_code == 200
        schema = response.json()
        for path in ("/api/v1/stats/",):
            parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
            assert parameters["compare"]["schema"]["enum"] == ["previous", "year"]
        assert "comparison" in schema["components"]["schemas"]["StatsComparedOutput"]["properties"]
