"""Structure host: person merge, activity history, referents' trainings and CSV exports."""

import datetime

import pytest
from django.utils import timezone

from network import services as network_services
from network.models import TrainingModule
from tests.api.conftest import api_client
from tests.api.test_structure_api import errors_by_field
from training.models import Beneficiary, Participation
from training.services.activities import activity_create, activity_update
from training.services.people import beneficiary_create
from training.services.referents import referent_create

D = datetime.date
TODAY = timezone.localdate()


@pytest.fixture
def zoe(structure_a):
    return beneficiary_create(structure=structure_a, label="Zoé", gender="feminin", birth_year=1950)


@pytest.fixture
def zoe_twin(structure_a):
    return beneficiary_create(structure=structure_a, label="Zoé", birth_year=1951, commune="Lille")


@pytest.fixture
def carla(structure_b):
    return beneficiary_create(structure=structure_b, label="Carla", gender="feminin", birth_year=1990)


@pytest.fixture
def workshop(structure_a, referent_a, zoe, zoe_twin):
    return activity_create(
        structure=structure_a, user=referent_a, kind="workshop", date=TODAY, duration_minutes=60,
        themes=["email"], beneficiaries=[zoe, zoe_twin],
    )  # fmt: skip


class TestMerge:
    def test_managers_merge_a_duplicate(self, manager_api_a, structure_a, zoe, zoe_twin, workshop, in_schema):
        response = manager_api_a.post(f"/api/v1/people/{zoe.pk}/merge/", {"duplicate": zoe_twin.pk}, format="json")
        assert response.status_code == 200
        assert response.json()["commune"] == "Lille"  # taken from the duplicate
        listed = manager_api_a.get("/api/v1/people/").json()["results"]
        assert [p["id"] for p in listed] == [zoe.pk]
        with in_schema(structure_a):
            assert list(Participation.objects.filter(activity=workshop).values_list("beneficiary_id", flat=True)) == [
                zoe.pk
            ]
            assert Beneficiary.objects.get(pk=zoe_twin.pk).merged_into_id == zoe.pk

    def test_referents_cannot(self, api_a, zoe, zoe_twin):
        response = api_a.post(f"/api/v1/people/{zoe.pk}/merge/", {"duplicate": zoe_twin.pk}, format="json")
        assert response.status_code == 403
        assert response.json()["detail"] == "Seuls les responsables de la structure peuvent faire cela."

    def test_other_structures_learn_nothing(self, structure_a, manager_b, manager_api_a, zoe, zoe_twin, carla):
        client = api_client(structure_a.host, manager_b)
        existing = client.post(f"/api/v1/people/{zoe.pk}/merge/", {"duplicate": zoe_twin.pk}, format="json")
        missing = client.post("/api/v1/people/999999/merge/", {"duplicate": zoe_twin.pk}, format="json")
        assert existing.status_code == missing.status_code == 403
        assert existing.json() == missing.json()
        # A person of another structure is the same as no person at all.
        foreign = manager_api_a.post(f"/api/v1/people/{zoe.pk}/merge/", {"duplicate": carla.pk}, format="json")
        unknown = manager_api_a.post(f"/api/v1/people/{zoe.pk}/merge/", {"duplicate": 999999}, format="json")
        assert foreign.status_code == unknown.status_code == 400
        assert foreign.json() == unknown.json()
        assert errors_by_field(foreign) == {
            "duplicate": "Une personne choisie n'est pas dans le registre de cette structure."
        }

    def test_french_messages(self, manager_api_a, zoe):
        same = manager_api_a.post(f"/api/v1/people/{zoe.pk}/merge/", {"duplicate": zoe.pk}, format="json")
        assert same.status_code == 400
        assert errors_by_field(same) == {"duplicate": "Choisissez deux fiches différentes à fusionner."}
        empty = manager_api_a.post(f"/api/v1/people/{zoe.pk}/merge/", {}, format="json")
        assert errors_by_field(empty) == {"duplicate": "Ce champ est obligatoire."}
        assert manager_api_a.post("/api/v1/people/999999/merge/", {"duplicate": zoe.pk}).status_code == 404


class TestActivityHistory:
    def test_members_read_who_changed_what(
        self, api_a, structure_a, manager_a, referent_a, workshop, zoe, django_assert_max_num_queries
    ):
        activity_update(
            structure=structure_a, user=manager_a, activity=workshop, duration_minutes=90, beneficiaries=[zoe]
        )
        for minutes in (30, 45, 50):
            activity_update(structure=structure_a, user=manager_a, activity=workshop,
                                     duration_minutes=minutes)  # fmt: skip
        with django_assert_max_num_queries(14):
            response = api_a.get(f"/api/v1/activities/{workshop.pk}/history/")
        assert response.status_code == 200
        changes = response.json()["results"]
        assert [c["action"] for c in changes] == ["updated"] * 4 + ["created"]
        second = changes[-2]
        assert second["user"] == manager_a.pk
        assert second["user_name"] == (manager_a.get_full_name() or manager_a.email)
        assert second["changes"]["duration_minutes"] == [60, 90]
        assert len(second["changes"]["beneficiaries"][0]) == 2 and second["changes"]["beneficiaries"][1] == [zoe.pk]
        assert "Zoé" not in response.content.decode()

    def test_kept_after_a_deletion(self, manager_api_a, workshop):
        assert manager_api_a.delete(f"/api/v1/activities/{workshop.pk}/").status_code == 204
        response = manager_api_a.get(f"/api/v1/activities/{workshop.pk}/history/")
        assert [c["action"] for c in response.json()["results"]] == ["deleted", "created"]
        assert manager_api_a.get("/api/v1/activities/999999/history/").status_code == 404

    def test_other_structures_learn_nothing(self, structure_a, structure_b, referent_b, workshop):
        client = api_client(structure_a.host, referent_b)
        existing = client.get(f"/api/v1/activities/{workshop.pk}/history/")
        missing = client.get("/api/v1/activities/999999/history/")
        assert existing.status_code == missing.status_code == 403
        assert existing.json() == missing.json()
        # On its own host, structure B does not see A's history (ids are per structure).
        own = api_client(structure_b.host, referent_b).get(f"/api/v1/activities/{workshop.pk}/history/")
        assert own.status_code == 404

    def test_network_roles_have_no_access(self, structure_a, coordinator, workshop):
        response = api_client(structure_a.host, coordinator).get(f"/api/v1/activities/{workshop.pk}/history/")
        assert response.status_code == 403


class TestReferentTrainings:
    @pytest.fixture
    def rita(self, structure_a, in_schema):
        with in_schema(structure_a):
            return referent_create(first_name="Rita", last_name="Référente")

    def test_members_read_them_with_module_names(
        self, api_a, structure_a, rita, trainer, django_assert_max_num_queries
    ):
        modules = list(TrainingModule.objects.order_by("order")[:2])
        for module in modules:
            session = network_services.training_session_create(
                module=module, date=TODAY - datetime.timedelta(days=2), place="Lille", trainer=trainer
            )
            registration = network_services.registration_create(
                session=session, structure=structure_a, referent_id=rita.pk
            )
        network_services.registration_set_status(registration=registration, status="attended")
        with django_assert_max_num_queries(16):
            response = api_a.get(f"/api/v1/referents/{rita.pk}/trainings/")
        assert response.status_code == 200
        body = response.json()["results"]
        assert [(t["module_name"], t["status"]) for t in body] == [
            (modules[0].title, "registered"),
            (modules[1].title, "attended"),
        ]
        assert api_a.get(f"/api/v1/referents/{rita.pk}/trainings/", {"status": "attended"}).json()["count"] == 1

    def test_unknown_referent_and_other_structures(self, api_a, structure_a, referent_b, rita):
        assert api_a.get("/api/v1/referents/999999/trainings/").status_code == 404
        client = api_client(structure_a.host, referent_b)
        existing = client.get(f"/api/v1/referents/{rita.pk}/trainings/")
        missing = client.get("/api/v1/referents/999999/trainings/")
        assert existing.status_code == missing.status_code == 403
        assert existing.json() == missing.json()


class TestExports:
    def test_managers_download_csv_with_codes_only(self, manager_api_a, workshop, zoe, django_assert_max_num_queries):
        with django_assert_max_num_queries(16):  # 14, and the audit log's line
            response = manager_api_a.get("/api/v1/exports/activities/")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        text = response.content.decode("utf-8-sig")
        assert zoe.code in text and "Zoé" not in text
        people = manager_api_a.get("/api/v1/exports/people/").content.decode("utf-8-sig")
        assert zoe.code in people and "Zoé" not in people
        assert people.splitlines()[0].startswith("Code;")

    def test_csv_on_request(self, manager_api_a, structure_a, workshop):
        response = manager_api_a.get("/api/v1/exports/attendance/", HTTP_ACCEPT="text/csv")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        denied = api_client(structure_a.host).get("/api/v1/exports/attendance/", HTTP_ACCEPT="text/csv")
        assert denied.status_code == 401

    def test_referents_cannot_and_unknown_tables(self, api_a, manager_api_a):
        response = api_a.get("/api/v1/exports/people/")
        assert response.status_code == 403
        assert response.json()["detail"] == "Seuls les responsables de la structure peuvent faire cela."
        assert manager_api_a.get("/api/v1/exports/secrets/").status_code == 404

    def test_other_structures(self, structure_a, manager_b):
        response = api_client(structure_a.host, manager_b).get("/api/v1/exports/people/")
        assert response.status_code == 403
