"""Writes on the network host: calls, applications and decisions, coaching, targets, trainings.

Every write goes through ``network.services``; the same roles as the network's pages.
"""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from django_tenants.utils import schema_exists

from figures.enums import RegistrationStatus
from network import services as network_services
from network.enums import ApplicationStatus
from network.models import Application, CoachingMeeting, Milestone, Target, TrainingModule, TrainingSession
from tenants.models import Invitation, Structure
from tests.api.conftest import api_client
from tests.api.test_structure_api import errors_by_field as raw_errors
from tests.conftest import make_member
from training.models import ReferentTraining
from training.services.people import beneficiary_create
from training.services.referents import referent_create

D = datetime.date
TODAY = timezone.localdate()
NETWORK = "localhost"
VALID_SIRET = "73282932000074"


@pytest.fixture
def programme(structure_a):
    programme = network_services.programme_create(
        name="Programme test", start=TODAY - datetime.timedelta(days=100), end=TODAY + datetime.timedelta(days=100)
    )
    network_services.coaching_plan_create(programme=programme, structure=structure_a, start=programme.start)
    return programme


@pytest.fixture
def plan(programme):
    return programme.plans.get()


@pytest.fixture
def open_call(programme):
    return network_services.call_create(
        programme=programme,
        title="Devenez relais",
        opens=TODAY - datetime.timedelta(days=5),
        closes=TODAY + datetime.timedelta(days=5),
    )


@pytest.fixture
def application(open_call):
    return network_services.application_submit(
        call=open_call,
        structure_name="CCAS de Testville",
        kind="ccas",
        siret=VALID_SIRET,
        address="1 place de la Mairie",
        postcode="59000",
        commune="Testville",
        contact_first_name="Claire",
        contact_last_name="Durand",
        contact_job_title="Directrice",
        contact_email="claire.durand@exemple.fr",
        motivation="Nos publics ont besoin d'aide.",
        publics=["seniors"],
    )


@pytest.fixture
def module(db):
    return TrainingModule.objects.order_by("order").first()


@pytest.fixture
def past_session(module, trainer):
    return network_services.training_session_create(
        module=module, date=TODAY - datetime.timedelta(days=3), place="Lille", trainer=trainer
    )


@pytest.fixture
def rita(structure_a, in_schema):
    """A referent (staff) of structure A."""
    with in_schema(structure_a):
        return referent_create(first_name="Rita", last_name="Référente")


@pytest.fixture
def coordinator_api(coordinator):
    return api_client(NETWORK, coordinator)


@pytest.fixture
def trainer_api(trainer):
    return api_client(NETWORK, trainer)


def errors_by_field(response) -> dict:
    """Errors by field, with plain spaces (French typography puts no-break spaces before « » and digits)."""
    return {field: message.replace("\xa0", " ") for field, message in raw_errors(response).items()}


def _users(referent_a, trainer, coordinator) -> dict:
    return {"anonymous": None, "member": referent_a, "trainer": trainer, "coordinator": coordinator}


def _expected(role, allowed, success) -> int:
    if role in allowed:
        return success
    return 401 if role == "anonymous" else 403


class TestRoles:
    """Coordinators only for calls, applications and coaching; trainers too for trainings."""

    def test_reads(self, application, plan, past_session, referent_a, trainer, coordinator):
        CoachingMeeting.objects.create(plan=plan, date=TODAY, kind="visit")
        urls = {
            "/api/v1/calls/": {"coordinator"},
            f"/api/v1/calls/{application.call_id}/": {"coordinator"},
            "/api/v1/applications/": {"coordinator"},
            f"/api/v1/applications/{application.pk}/": {"coordinator"},
            "/api/v1/milestones/": {"coordinator"},
            "/api/v1/meetings/": {"coordinator"},
            f"/api/v1/trainings/{past_session.pk}/registrations/": {"trainer", "coordinator"},
            f"/api/v1/structures/{plan.structure_id}/referents/": {"trainer", "coordinator"},
        }
        for url, allowed in urls.items():
            for role, user in _users(referent_a, trainer, coordinator).items():
                response = api_client(NETWORK, user).get(url)
                assert response.status_code == _expected(role, allowed, 200), (url, role, response.content)

    def test_writes(self, application, plan, module, programme, referent_a, trainer, coordinator, rita):
        milestone = plan.milestones.first()
        writes = [
            ("post", "/api/v1/calls/", {"programme": programme.pk, "title": "x", "opens": "2030-01-01",
                                        "closes": "2030-02-01"}, {"coordinator"}, 201),
            ("post", f"/api/v1/applications/{application.pk}/shortlist/", {}, {"coordinator"}, 200),
            ("patch", f"/api/v1/milestones/{milestone.pk}/", {"due_date": "2030-01-01"}, {"coordinator"}, 200),
            ("post", "/api/v1/meetings/", {"plan": plan.pk, "date": TODAY.isoformat()}, {"coordinator"}, 201),
            ("post", "/api/v1/targets/", {"programme": programme.pk, "indicator": "hours", "value": 10},
             {"coordinator"}, 201),
        ]  # fmt: skip
        for method, url, payload, allowed, success in writes:
            for role, user in _users(referent_a, trainer, coordinator).items():
                response = getattr(api_client(NETWORK, user), method)(url, payload, format="json")
                assert response.status_code == _expected(role, allowed, success), (url, role, response.content)

    def test_training_writes(self, module, plan, referent_a, trainer, coordinator, rita):
        for role, user in _users(referent_a, trainer, coordinator).items():
            client = api_client(NETWORK, user)
            created = client.post(
                "/api/v1/trainings/", {"module": module.pk, "date": "2030-03-01", "place": "Lille"}, format="json"
            )
            assert created.status_code == _expected(role, {"trainer", "coordinator"}, 201), (role, created.content)
        session = TrainingSession.objects.latest("pk")
        for role, user in _users(referent_a, trainer, coordinator).items():
            response = api_client(NETWORK, user).post(
                f"/api/v1/trainings/{session.pk}/registrations/",
                {"structure": plan.structure_id, "referent": rita.pk},
                format="json",
            )
            expected = _expected(role, {"trainer"}, 201) if role != "coordinator" else 400  # already registered
            assert response.status_code == expected, (role, response.content)

    def test_changes_and_decisions_are_refused_to_other_roles(
        self, application, programme, structure_a, past_session, rita, referent_a, trainer
    ):
        target = network_services.target_set(programme=programme, indicator="people", value=4, structure=structure_a)
        registration = network_services.registration_create(
            session=past_session, structure=structure_a, referent_id=rita.pk
        )
        for user in (None, referent_a, trainer):
            client = api_client(NETWORK, user)
            expected = 401 if user is None else 403
            assert client.patch(f"/api/v1/targets/{target.pk}/", {"value": 9}, format="json").status_code == expected
            assert client.delete(f"/api/v1/targets/{target.pk}/").status_code == expected
            for decision, payload in (("reject", {"message": "Non."}), ("select", {})):
                response = client.post(f"/api/v1/applications/{application.pk}/{decision}/", payload, format="json")
                assert response.status_code == expected
        for user in (None, referent_a):
            response = api_client(NETWORK, user).patch(
                f"/api/v1/trainings/{past_session.pk}/registrations/{registration.pk}/", {"status": "attended"},
                format="json",
            )  # fmt: skip
            assert response.status_code == (401 if user is None else 403)
        target.refresh_from_db()
        registration.refresh_from_db()
        application.refresh_from_db()
        assert (target.value, registration.status, application.status) == (4, "registered", "submitted")

    def test_members_learn_nothing_about_ids(self, application, referent_a):
        client = api_client(NETWORK, referent_a)
        existing = client.get(f"/api/v1/applications/{application.pk}/")
        missing = client.get("/api/v1/applications/999999/")
        assert existing.status_code == missing.status_code == 403
        assert existing.json() == missing.json()
        existing = client.post(f"/api/v1/applications/{application.pk}/reject/", {"message": "x"}, format="json")
        missing = client.post("/api/v1/applications/999999/reject/", {"message": "x"}, format="json")
        assert existing.status_code == missing.status_code == 403
        assert existing.json() == missing.json()
        application.refresh_from_db()
        assert application.status == ApplicationStatus.SUBMITTED

    def test_two_factor_authentication_is_required_when_the_network_requires_it(self, trainer, module, settings):
        settings.NETWORK_REQUIRE_MFA = True
        response = api_client(NETWORK, trainer).post(
            "/api/v1/trainings/", {"module": module.pk, "date": "2030-03-01", "place": "Lille"}, format="json"
        )
        assert response.status_code == 403
        assert not TrainingSession.objects.exists()

    def test_these_endpoints_do_not_exist_on_a_structure_host(self, structure_a, manager_a, application):
        client = api_client(structure_a.host, manager_a)
        assert client.get("/api/v1/applications/").status_code == 404
        assert client.post(f"/api/v1/applications/{application.pk}/shortlist/").status_code == 404


class TestCalls:
    def test_create_and_list(self, coordinator_api, programme, django_assert_max_num_queries):
        payload = {"programme": programme.pk, "title": "Appel 2030", "opens": "2030-01-01", "closes": "2030-02-01"}
        response = coordinator_api.post("/api/v1/calls/", payload, format="json")
        assert response.status_code == 201
        assert response.json()["is_open"] is False
        for i in range(3):
            network_services.call_create(programme=programme, title=f"Appel {i}", opens=TODAY, closes=TODAY)
        with django_assert_max_num_queries(10):
            listing = coordinator_api.get("/api/v1/calls/", {"programme": programme.pk})
        assert listing.json()["count"] == 4

    def test_french_messages_with_the_field(self, coordinator_api, programme):
        response = coordinator_api.post(
            "/api/v1/calls/", {"programme": 999999, "title": "x", "opens": "2030-01-01", "closes": "2030-02-01"}
        )
        assert response.status_code == 400
        assert errors_by_field(response) == {"programme": "Ce programme n'existe pas."}
        response = coordinator_api.post(
            "/api/v1/calls/",
            {"programme": programme.pk, "title": "x", "opens": "2030-02-01", "closes": "2030-01-01"},
            format="json",
        )
        assert response.status_code == 400
        assert "clôture" in response.json()["detail"] or "fermeture" in response.json()["detail"]
        response = coordinator_api.post("/api/v1/calls/", {"programme": programme.pk}, format="json")
        assert errors_by_field(response)["title"] == "Ce champ est obligatoire."


class TestApplications:
    def test_list_with_filters_and_query_count(
        self, coordinator_api, application, open_call, django_assert_max_num_queries
    ):  # noqa: E501
        for i in range(3):
            Application.objects.create(
                call=open_call, structure_name=f"Asso {i}", kind="association", siret=VALID_SIRET, address="x",
                postcode="59000", commune="Lille", contact_first_name="A", contact_last_name="B",
                contact_email=f"a{i}@exemple.fr", motivation="x", status="rejected",
            )  # fmt: skip
        with django_assert_max_num_queries(10):
            response = coordinator_api.get("/api/v1/applications/", {"status": "submitted"})
        (body,) = response.json()["results"]
        assert body["structure_name"] == "CCAS de Testville"
        assert body["programme"] == open_call.programme_id
        assert coordinator_api.get("/api/v1/applications/", {"programme": 999999}).json()["count"] == 0

    def test_shortlist_then_reject_with_a_message(
        self, coordinator_api, application, django_capture_on_commit_callbacks
    ):
        response = coordinator_api.post(f"/api/v1/applications/{application.pk}/shortlist/")
        assert response.status_code == 200 and response.json()["status"] == "shortlisted"
        blank = coordinator_api.post(f"/api/v1/applications/{application.pk}/reject/", {"message": " "})
        assert blank.status_code == 400
        assert errors_by_field(blank) == {"message": "Ce champ ne peut être vide."}
        with django_capture_on_commit_callbacks(execute=True):
            response = coordinator_api.post(
                f"/api/v1/applications/{application.pk}/reject/", {"message": "Pas cette fois-ci."}
            )
        assert response.status_code == 200
        assert response.json()["status"] == "rejected"
        assert mail.outbox[-1].to == ["claire.durand@exemple.fr"]
        again = coordinator_api.post(f"/api/v1/applications/{application.pk}/shortlist/")
        assert again.status_code == 400
        assert again.json()["errors"] == [{"field": None, "message": "Cette candidature a déjà été décidée."}]

    def test_select_with_a_taken_address_says_so(self, coordinator_api, application, structure_a):
        response = coordinator_api.post(f"/api/v1/applications/{application.pk}/select/", {"slug": structure_a.slug})
        assert response.status_code == 400
        assert "déjà utilisée" in errors_by_field(response)["slug"]
        response = coordinator_api.post(f"/api/v1/applications/{application.pk}/select/", {"slug": "Pas Valide"})
        assert "slug" in errors_by_field(response)
        application.refresh_from_db()
        assert application.status == ApplicationStatus.SUBMITTED

    def test_select_provisions_the_structure_and_invites_its_manager(self, coordinator_api, application, programme):
        response = coordinator_api.post(f"/api/v1/applications/{application.pk}/select/", {"slug": "testville"})
        assert response.status_code == 200, response.content
        structure = Structure.objects.get(slug="testville")
        assert response.json()["structure"] == structure.pk
        assert response.json()["status"] == "selected"
        assert schema_exists(structure.schema_name)
        assert structure.coaching_plans.get().programme == programme
        invitation = Invitation.objects.get(structure=structure)
        assert (invitation.email, invitation.role) == ("claire.durand@exemple.fr", "manager")


class TestCoaching:
    def test_mark_a_milestone_done_and_move_its_due_date(self, coordinator_api, plan):
        milestone = plan.milestones.first()
        response = coordinator_api.patch(
            f"/api/v1/milestones/{milestone.pk}/", {"completed_on": TODAY.isoformat()}, format="json"
        )
        assert response.status_code == 200
        assert response.json()["state"] == "done"
        assert response.json()["due_date"] == milestone.due_date.isoformat()
        response = coordinator_api.patch(
            f"/api/v1/milestones/{milestone.pk}/", {"due_date": "2031-01-01", "completed_on": None}, format="json"
        )
        assert (response.json()["due_date"], response.json()["state"]) == ("2031-01-01", "due")

    def test_a_milestone_is_not_completed_in_the_future(self, coordinator_api, plan):
        milestone = plan.milestones.first()
        tomorrow = TODAY + datetime.timedelta(days=1)
        response = coordinator_api.patch(
            f"/api/v1/milestones/{milestone.pk}/", {"completed_on": tomorrow.isoformat()}, format="json"
        )
        assert response.status_code == 400
        assert errors_by_field(response) == {"completed_on": "Un jalon ne peut pas être réalisé à une date future."}
        assert coordinator_api.patch("/api/v1/milestones/999999/", {}, format="json").status_code == 404

    def test_milestones_list(self, coordinator_api, plan, structure_a, django_assert_max_num_queries):
        with django_assert_max_num_queries(10):
            response = coordinator_api.get("/api/v1/milestones/", {"structure": structure_a.pk, "done": "false"})
        assert response.json()["count"] == Milestone.objects.filter(plan=plan).count() > 0

    def test_meetings(self, coordinator_api, coordinator, plan, django_assert_max_num_queries):
        payload = {"plan": plan.pk, "date": TODAY.isoformat(), "kind": "visit", "notes": "Visite des locaux."}
        response = coordinator_api.post("/api/v1/meetings/", payload, format="json")
        assert response.status_code == 201
        assert response.json()["created_by"] == coordinator.pk
        for _i in range(3):
            network_services.meeting_create(plan=plan, date=TODAY, kind="remote")
        with django_assert_max_num_queries(10):
            listing = coordinator_api.get("/api/v1/meetings/", {"plan": plan.pk})
        assert listing.json()["count"] == 4
        bad = coordinator_api.post("/api/v1/meetings/", {"plan": 999999, "date": "x", "kind": "party"})
        assert bad.status_code == 400
        errors = errors_by_field(bad)
        assert errors["kind"] == "« party » n'est pas un choix valide."
        assert "date" in errors
        unknown = coordinator_api.post("/api/v1/meetings/", {"plan": 999999, "date": TODAY.isoformat()})
        assert errors_by_field(unknown) == {"plan": "Ce plan d'accompagnement n'existe pas."}


class TestTargets:
    def test_create_update_and_delete(self, coordinator_api, programme, structure_a):
        payload = {"programme": programme.pk, "structure": structure_a.pk, "indicator": "people", "value": 40}
        created = coordinator_api.post("/api/v1/targets/", payload, format="json")
        assert created.status_code == 201
        target_id = created.json()["id"]
        again = coordinator_api.post("/api/v1/targets/", {**payload, "value": 50}, format="json")
        assert again.json()["id"] == target_id and again.json()["value"] == 50
        updated = coordinator_api.patch(f"/api/v1/targets/{target_id}/", {"value": 60}, format="json")
        assert updated.status_code == 200 and Target.objects.get(pk=target_id).value == 60
        assert coordinator_api.delete(f"/api/v1/targets/{target_id}/").status_code == 204
        assert not Target.objects.filter(pk=target_id).exists()

    def test_french_messages(self, coordinator_api, programme, structure_b):
        response = coordinator_api.post(
            "/api/v1/targets/",
            {"programme": programme.pk, "structure": structure_b.pk, "indicator": "people", "value": 4},
            format="json",
        )
        assert response.status_code == 400
        assert errors_by_field(response) == {"structure": "Cette structure ne participe pas à ce programme."}
        response = coordinator_api.post(
            "/api/v1/targets/", {"programme": programme.pk, "indicator": "nope", "value": 0}, format="json"
        )
        errors = errors_by_field(response)
        assert errors["value"] == "Assurez-vous que cette valeur est supérieure ou égale à 1."
        assert errors["indicator"] == "« nope » n'est pas un choix valide."


class TestTrainings:
    def test_a_trainer_creates_a_session_and_is_its_trainer(self, trainer_api, trainer, module):
        response = trainer_api.post(
            "/api/v1/trainings/", {"module": module.pk, "date": "2030-03-01", "remote": True}, format="json"
        )
        assert response.status_code == 201
        assert response.json()["trainer"] == trainer.pk and response.json()["registrations"] == []

    def test_french_messages(self, coordinator_api, module, referent_a):
        response = coordinator_api.post("/api/v1/trainings/", {"module": module.pk, "date": "2030-03-01"})
        assert response.status_code == 400
        assert errors_by_field(response) == {"place": "Indiquez le lieu de la session, ou cochez « à distance »."}
        response = coordinator_api.post(
            "/api/v1/trainings/", {"module": 999999, "date": "2030-03-01", "place": "Lille"}, format="json"
        )
        assert errors_by_field(response) == {"module": "Ce module de formation n'existe pas."}
        response = coordinator_api.post(
            "/api/v1/trainings/",
            {"module": module.pk, "date": "2030-03-01", "place": "Lille", "trainer": referent_a.pk},
            format="json",
        )
        assert errors_by_field(response) == {"trainer": "Choisissez un formateur ou une coordinatrice du réseau."}

    def test_structure_referents_are_staff_only(self, trainer_api, structure_a, rita):
        beneficiary_create(structure=structure_a, label="Zoé", gender="feminin", birth_year=1950)
        response = trainer_api.get(f"/api/v1/structures/{structure_a.pk}/referents/")
        assert response.json() == [{"id": rita.pk, "first_name": "Rita", "last_name": "Référente", "job_title": ""}]
        assert trainer_api.get("/api/v1/structures/999999/referents/").status_code == 404


class TestRegistrations:
    def test_register_record_attendance_and_cancel(self, trainer_api, past_session, structure_a, rita, in_schema):
        url = f"/api/v1/trainings/{past_session.pk}/registrations/"
        created = trainer_api.post(url, {"structure": structure_a.pk, "referent": rita.pk}, format="json")
        assert created.status_code == 201
        body = created.json()
        assert (body["referent_name"], body["status"], body["session"]) == ("Rita Référente", "registered",
                                                                            past_session.pk)  # fmt: skip
        attended = trainer_api.patch(f"{url}{body['id']}/", {"status": "attended"}, format="json")
        assert attended.status_code == 200 and attended.json()["status"] == "attended"
        with in_schema(structure_a):
            assert ReferentTraining.objects.get(referent=rita).status == "attended"
        cancelled = trainer_api.patch(f"{url}{body['id']}/", {"status": "cancelled"}, format="json")
        assert cancelled.json()["status"] == "cancelled"
        with in_schema(structure_a):
            assert not ReferentTraining.objects.filter(referent=rita).exists()

    def test_the_waiting_list_takes_a_cancelled_seat(self, trainer_api, module, structure_a, rita, in_schema):
        session = network_services.training_session_create(module=module, date=TODAY, place="Lille", capacity=1)
        with in_schema(structure_a):
            other = referent_create(first_name="Omar", last_name="Autre")
        url = f"/api/v1/trainings/{session.pk}/registrations/"
        first = trainer_api.post(url, {"structure": structure_a.pk, "referent": rita.pk}, format="json").json()
        second = trainer_api.post(url, {"structure": structure_a.pk, "referent": other.pk}, format="json").json()
        assert (first["status"], second["status"]) == ("registered", "waiting")
        trainer_api.patch(f"{url}{first['id']}/", {"status": "cancelled"}, format="json")
        assert trainer_api.get(f"{url}{second['id']}/").json()["status"] == "registered"

    def test_french_messages(self, trainer_api, module, structure_a, structure_b, rita):
        future = network_services.training_session_create(module=module, date=TODAY + datetime.timedelta(7),
                                                          place="Lille")  # fmt: skip
        url = f"/api/v1/trainings/{future.pk}/registrations/"
        response = trainer_api.post(url, {"structure": structure_b.pk, "referent": rita.pk}, format="json")
        assert errors_by_field(response) == {"referent": "Ce référent n'existe pas dans cette structure."}
        response = trainer_api.post(url, {"structure": 999999, "referent": rita.pk}, format="json")
        assert errors_by_field(response) == {"structure": "Cette structure ne fait pas partie du réseau."}
        created = trainer_api.post(url, {"structure": structure_a.pk, "referent": rita.pk}, format="json").json()
        again = trainer_api.post(url, {"structure": structure_a.pk, "referent": rita.pk}, format="json")
        assert errors_by_field(again) == {"referent": "Ce référent est déjà inscrit à cette session."}
        early = trainer_api.patch(f"{url}{created['id']}/", {"status": "attended"}, format="json")
        assert early.status_code == 400
        assert errors_by_field(early) == {"status": "La présence ne peut être saisie qu'une fois la session passée."}
        assert trainer_api.patch(f"{url}{created['id']}/", {"status": "x"}, format="json").status_code == 400
        assert trainer_api.get("/api/v1/trainings/999999/registrations/").status_code == 404
        other_session = f"/api/v1/trainings/{future.pk + 1000}/registrations/{created['id']}/"
        assert trainer_api.get(other_session).status_code == 404

    def test_list_query_count(self, trainer_api, past_session, structure_a, in_schema, django_assert_max_num_queries):
        for i in range(4):
            with in_schema(structure_a):
                referent = referent_create(first_name=f"R{i}", last_name="Nom")
            network_services.registration_create(session=past_session, structure=structure_a, referent_id=referent.pk)
        with django_assert_max_num_queries(12):
            response = trainer_api.get(f"/api/v1/trainings/{past_session.pk}/registrations/")
        assert response.json()["count"] == 4
        assert {r["status"] for r in response.json()["results"]} == {RegistrationStatus.REGISTERED}


def test_a_member_of_a_structure_is_not_a_trainer(structure_a, module):
    member = make_member(structure_a)
    response = api_client(NETWORK, member).post(
        "/api/v1/trainings/", {"module": module.pk, "date": "2030-03-01", "place": "Lille"}, format="json"
    )
    assert response.status_code == 403
