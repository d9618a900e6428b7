"""Assessments on the shared reference (Pix / DigComp): the network's choice of competences, the page,
the figures of progress by area, the facts check, isolation, and the mapping of the former grid."""

import importlib

import pytest

from figures.compute import compute_figures
from figures.models import AssessmentFact
from figures.reference import (
    DEFAULT_COMPETENCES,
    LEGACY_AREAS,
    Competence,
    SkillArea,
    scores_by_area,
    scores_from_legacy,
)
from network import services as network_services
from network.models import Programme
from tests.conftest import page_text
from tests.training.conftest import D
from training.facts import facts_differences, facts_rebuild
from training.models import SkillAssessment
from training.services.courses import assessment_record, course_create
from training.services.enrolments import enrolment_create


def course_with(structure, people, title="Parcours ordi"):
    course = course_create(structure=structure, title=title, device="computer", start_date=D(2024, 1, 8))
    for person in people:
        enrolment_create(structure=structure, course=course, beneficiary=person)
    return course


def record(structure, person, course, moment, date, scores):
    return assessment_record(
        structure=structure, beneficiary=person, course=course, moment=moment, date=date, scores=scores
    )


@pytest.fixture
def programme_a(structure_a):
    """A current programme of structure A assessing three competences."""
    programme = network_services.programme_create(
        name="Inclusion 2024", start=D(2024, 1, 1), end=D(2099, 12, 31), competences=["3.1", "1.1", "4.2"]
    )
    network_services.coaching_plan_create(programme=programme, structure=structure_a, start=D(2024, 1, 1))
    return programme


class TestReference:
    def test_five_areas_and_sixteen_competences(self):
        assert SkillArea.values == ["1", "2", "3", "4", "5"]
        assert len(Competence.values) == 16
        assert str(Competence("2.4").label) == "S'insérer dans le monde numérique"
        assert {code.split(".")[0] for code in Competence.values} == set(SkillArea.values)

    def test_the_former_grid_maps_onto_competences_nothing_lost(self):
        old = {"device_handling": 2, "browsing": 1, "messaging": 3, "procedures": 0, "security": 1}
        assert scores_from_legacy(old) == {"5.1": 2, "1.1": 1, "2.1": 3, "2.4": 0, "4.1": 1}
        assert set(LEGACY_AREAS) == set(old) and len(set(LEGACY_AREAS.values())) == len(old)
        assert scores_by_area({"2.1": 3, "2.4": 0, "1.1": 1}) == {"1": 1.0, "2": 1.5}

    def test_the_data_migration_on_an_old_style_assessment(self):
        migration = importlib.import_module("training.migrations.0007_assessment_scores")

        class Row:
            def __init__(self, **levels):
                self.__dict__.update(levels, scores={})
                self.saved = None

            def save(self, update_fields):
                self.saved = update_fields

        old = Row(device_handling=1, browsing=2, messaging=0, procedures=3, security=1)

        class Apps:
            def get_model(self, app, name):
                assert (app, name) == ("training", "SkillAssessment")
                return type("Model", (), {"objects": type("M", (), {"all": staticmethod(lambda: [old])})})

        migration.areas_to_scores(Apps(), None)
        assert old.scores == {"1.1": 2, "2.1": 0, "2.4": 3, "4.1": 1, "5.1": 1} and old.saved == ["scores"]
        migration.scores_to_areas(Apps(), None)
        assert (old.device_handling, old.browsing, old.messaging, old.procedures, old.security) == (1, 2, 0, 3, 1)


class TestAssessmentPage:
    def test_the_form_shows_the_competences_of_the_structures_programme(
        self, client_a, structure_a, people_a, programme_a, in_schema
    ):
        course = course_with(structure_a, people_a[:1])
        url = f"/courses/{course.pk}/assessment/{people_a[0].code}/"
        text = page_text(client_a.get(url))
        assert "Mener une recherche et une veille d'information" in text
        assert "Développer des documents textuels" in text and "Protéger les données personnelles" in text
        assert "Interagir" not in text  # not chosen by the programme
        data = {"moment": "entry", "date": "2024-01-08", "competence_1.1": 0, "competence_3.1": 1,
                "competence_4.2": 2}  # fmt: skip
        assert client_a.post(url, data).status_code == 302
        missing = client_a.post(url, {"moment": "exit", "date": "2024-02-08", "competence_1.1": 2})
        assert missing.status_code == 400 and "Ce champ est obligatoire" in page_text(missing)
        with in_schema(structure_a):
            assert SkillAssessment.objects.get().scores == {"1.1": 0, "3.1": 1, "4.2": 2}
        assert "Entrée : 3/9" in page_text(client_a.get(f"/courses/{course.pk}/"))

    def test_without_a_programme_the_beginner_set(self, client_b, structure_b, person_b):
        course = course_with(structure_b, [person_b])
        text = page_text(client_b.get(f"/courses/{course.pk}/assessment/{person_b.code}/"))
        for label in ("Mener une recherche", "Interagir", "S'insérer dans le monde numérique",
                      "Sécuriser l'environnement numérique", "Résoudre des problèmes techniques"):  # fmt: skip
            assert label in text
        assert "Programmer" not in text

    def test_the_network_changes_the_competences_on_the_programme_form(
        self, coordinator_client, client_a, structure_a, people_a, programme_a
    ):
        url = f"/reseau/programmes/{programme_a.pk}/modifier/"
        assert "Construire un environnement numérique" in page_text(coordinator_client.get(url))
        data = {"name": "Inclusion 2024", "start": "2024-01-01", "end": "2099-12-31", "competences": ["5.2", "2.3"]}
        assert coordinator_client.post(url, data).status_code == 302
        programme_a.refresh_from_db()
        assert programme_a.competences == ["2.3", "5.2"]
        assert coordinator_client.post(url, {**data, "competences": []}).status_code == 400
        created = coordinator_client.post("/reseau/programmes/nouveau/", {**data, "name": "Autre", "competences": []})
        assert created.status_code == 302
        assert Programme.objects.get(name="Autre").competences == list(DEFAULT_COMPETENCES)
        course = course_with(structure_a, people_a[:1])
        text = page_text(client_a.get(f"/courses/{course.pk}/assessment/{people_a[0].code}/"))
        assert "Collaborer" in text and "Construire un environnement numérique" in text
        assert "Développer des documents textuels" not in text

    def test_isolation(self, client_a, client_b, structure_a, people_a, in_schema):
        course = course_with(structure_a, people_a[:1])
        record(structure_a, people_a[0], course, "entry", D(2024, 1, 8), {"1.1": 1})
        url = f"/courses/{course.pk}/assessment/{people_a[0].code}/"
        assert client_b.get(url).status_code == 404
        assert client_b.post(url, {"moment": "exit", "date": "2024-02-08", "competence_1.1": 3}).status_code == 404
        with in_schema(structure_a):
            assert SkillAssessment.objects.get().scores == {"1.1": 1}


class TestServiceRules:
    def test_levels_and_codes_are_checked_against_the_reference(self, structure_a, people_a):
        from django.core.exceptions import ValidationError

        for scores in ({}, {"1.1": 4}, {"6.1": 1}, {"1.1": "deux"}, {"1.1": True}):
            with pytest.raises(ValidationError):
                record(structure_a, people_a[0], None, "entry", D(2024, 1, 8), scores)
        course = course_with(structure_a, [])
        with pytest.raises(ValidationError, match="pas inscrite"):
            record(structure_a, people_a[0], course, "entry", D(2024, 1, 8), {"1.1": 1})


class TestFigures:
    def assess_a(self, structure_a, people_a):
        course = course_with(structure_a, people_a)
        # Area 1 (1.1, 1.2), area 4 (4.1): two people progress in area 1, one does not.
        record(structure_a, people_a[0], course, "entry", D(2024, 1, 8), {"1.1": 0, "1.2": 1, "4.1": 1})
        record(structure_a, people_a[0], course, "exit", D(2024, 3, 8), {"1.1": 2, "1.2": 2, "4.1": 1})
        record(structure_a, people_a[1], course, "entry", D(2024, 1, 8), {"1.1": 1, "4.1": 0})
        record(structure_a, people_a[1], course, "exit", D(2024, 3, 8), {"1.1": 3, "4.1": 2})
        record(structure_a, people_a[2], course, "entry", D(2024, 1, 8), {"1.1": 2})
        record(structure_a, people_a[2], course, "exit", D(2024, 3, 8), {"1.1": 2})
        return course

    def test_progress_by_area(self, structure_a, structure_b, people_a, person_b):
        self.assess_a(structure_a, people_a)
        course_b = course_with(structure_b, [person_b])
        record(structure_b, person_b, course_b, "entry", D(2024, 1, 9), {"1.1": 3})
        record(structure_b, person_b, course_b, "exit", D(2024, 3, 9), {"1.1": 0})
        area = compute_figures(structure_ids=[structure_a.pk], start=D(2024, 1, 1), end=D(2024, 12, 31))
        information, safety = area.assessments["1"], area.assessments["4"]
        assert information == {"entry_people": 3, "exit_people": 3, "entry_mean": 1.17, "exit_mean": 2.33,
                               "pairs": 3, "progressed": 2, "progressed_share": 0.667}  # fmt: skip
        assert (safety["entry_mean"], safety["exit_mean"], safety["progressed"], safety["pairs"]) == (0.5, 1.5, 1, 2)
        assert area.assessments["3"]["entry_people"] == 0 and area.assessments["3"]["entry_mean"] is None
        both = compute_figures(structure_ids=[structure_a.pk, structure_b.pk], start=D(2024, 1, 1))
        assert both.assessments["1"]["pairs"] == 4 and both.assessments["1"]["progressed"] == 2
        # A period holding only the entries: nobody exits in it, no pair.
        entries = compute_figures(structure_ids=[structure_a.pk], start=D(2024, 1, 1), end=D(2024, 1, 31))
        assert entries.assessments["1"]["exit_people"] == 0 and entries.assessments["1"]["pairs"] == 0

    def test_dashboards_and_report_show_it(
        self, client_a, client_b, coordinator_client, structure_a, people_a, programme_a
    ):
        self.assess_a(structure_a, people_a)
        text = page_text(client_a.get("/dashboard/", {"start": "2024-01-01", "end": "2024-12-31"}))
        assert "Progression des compétences par domaine" in text and "67 % (2/3)" in text
        assert "67 % (2/3)" not in page_text(client_b.get("/dashboard/", {"start": "2024-01-01", "end": "2024-12-31"}))
        text = page_text(coordinator_client.get("/reseau/", {"start": "2024-01-01", "end": "2024-12-31"}))
        assert "Progression des compétences par domaine" in text and "67 % (2/3)" in text
        export = coordinator_client.get("/reseau/", {"start": "2024-01-01", "table": "assessments", "format": "csv"})
        assert export.status_code == 200 and "Ont progressé" in export.content.decode("utf-8-sig")
        report = page_text(coordinator_client.get(f"/reseau/programmes/{programme_a.pk}/bilan/"))
        assert "67 % (2/3)" in report and "Développer des documents textuels" in report

    def test_facts_are_checked_and_rebuilt(self, structure_a, people_a):
        self.assess_a(structure_a, people_a)
        assert AssessmentFact.objects.filter(structure=structure_a).count() == 6
        assert facts_differences(structure_a) == {}
        fact = AssessmentFact.objects.filter(structure=structure_a).first()
        fact.areas = {"1": 3.0}
        fact.save()
        AssessmentFact.objects.filter(structure=structure_a).exclude(pk=fact.pk).first().delete()
        assert facts_differences(structure_a) == {"assessments": {"missing": 2, "extra": 1}}
        facts_rebuild(structure_a)
        assert facts_differences(structure_a) == {}
        fact = AssessmentFact.objects.get(structure=structure_a, assessment_id=fact.assessment_id)
        assert fact.areas == scores_by_area(fact.scores)


class TestApi:
    def test_the_network_patches_a_programmes_competences(self, coordinator, referent_a, structure_a, programme_a):
        from tests.api.conftest import api_client

        network = api_client("localhost", coordinator)
        url = f"/api/v1/programmes/{programme_a.pk}/"
        assert network.get(url).json()["competences"] == ["1.1", "3.1", "4.2"]
        response = network.patch(url, {"competences": ["5.1", "1.3"]}, format="json")
        assert response.status_code == 200 and response.json()["competences"] == ["1.3", "5.1"]
        bad = network.patch(url, {"competences": ["7.7"]}, format="json")
        assert bad.status_code == 400 and bad.json()["errors"][0]["field"].startswith("competences")
        assert network.patch(url, {"competences": []}, format="json").status_code == 400
        assert api_client(structure_a.host, referent_a).patch(url, {"competences": ["1.1"]}).status_code == 404

    def test_assessments_and_stats_by_area(self, structure_a, structure_b, referent_a, referent_b, people_a):
        from tests.api.conftest import api_client

        api_a, api_b = api_client(structure_a.host, referent_a), api_client(structure_b.host, referent_b)
        course = course_with(structure_a, people_a[:1])
        payload = {"beneficiary": people_a[0].pk, "course": course.pk, "date": "2024-01-08"}
        assert api_a.post("/api/v1/assessments/", {**payload, "moment": "entry", "scores": {"2.1": 1}}, format="json")
        response = api_a.post("/api/v1/assessments/", {**payload, "moment": "exit", "scores": {"2.1": 3, "2.2": 2}},
                              format="json")  # fmt: skip
        assert response.status_code == 201 and response.json()["areas"] == {"2": 2.5}
        assert api_b.get("/api/v1/assessments/").json()["count"] == 0
        assert api_b.get(f"/api/v1/assessments/{response.json()['id']}/").status_code == 404
        stats = api_a.get("/api/v1/stats/", {"from": "2024-01-01", "to": "2024-12-31"}).json()
        assert stats["assessments"]["2"] == {"entry_people": 1, "exit_people": 1, "entry_mean": 1.0, "exit_mean": 2.5,
                                             "pairs": 1, "progressed": 1, "progressed_share": 1.0}  # fmt: skip
        assert api_b.get("/api/v1/stats/", {"from": "2024-01-01"}).json()["assessments"]["2"]["pairs"] == 0


class TestMerge:
    def test_a_duplicates_assessments_follow_the_kept_record(self, manager_client_a, structure_a, people_a, in_schema):
        keep, duplicate = people_a[0], people_a[1]
        course = course_with(structure_a, [keep, duplicate])
        record(structure_a, keep, course, "entry", D(2024, 1, 8), {"1.1": 1})
        record(structure_a, duplicate, course, "entry", D(2024, 1, 8), {"1.1": 0})
        record(structure_a, duplicate, course, "exit", D(2024, 3, 8), {"1.1": 3})
        response = manager_client_a.post(f"/people/{keep.code}/merge/", {"duplicate": duplicate.code})
        assert response.status_code == 302
        with in_schema(structure_a):
            assert sorted(keep.assessments.values_list("moment", flat=True)) == ["entry", "exit"]
        assert facts_differences(structure_a) == {}
        assert set(AssessmentFact.objects.filter(structure=structure_a).values_list("beneficiary_id", flat=True)) == {
            keep.pk
        }
