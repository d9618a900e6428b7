import datetime

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from figures.enums import RegistrationStatus
from network import services
from network.figures import network_figures
from network.models import TrainingModule, TrainingRegistration
from network.selectors import trained_by_structure
from tests.conftest import host_client, page_text
from training.models import ReferentTraining
from training.services.referents import referent_create


def make_referent(structure, first="Nadia", last="Benali"):
    with schema_context(structure.schema_name):
        return referent_create(first_name=first, last_name=last)


@pytest.fixture
def past_sessions(modules, today):
    return [
        services.training_session_create(module=m, date=today - datetime.timedelta(days=10 + i), place="Lille")
        for i, m in enumerate(modules)
    ]


def test_catalogue_is_seeded_with_the_two_one_day_trainings(db):
    titles = set(TrainingModule.objects.filter(required=True).values_list("title", flat=True))
    assert titles == {
        "Découvrir l'inclusion numérique : enjeux, diagnostic et acteurs",
        "Former aux compétences numériques de base",
    }


def test_attendance_is_written_in_the_structure_and_counts_trained_referents(structure_a, structure_b, past_sessions):
    nadia = make_referent(structure_a)
    julien = make_referent(structure_a, "Julien", "Lefebvre")
    other = make_referent(structure_b, "Karim", "Haddad")
    for session in past_sessions:
        for structure, referent in ((structure_a, nadia), (structure_b, other)):
            registration = services.registration_create(session=session, structure=structure, referent_id=referent.pk)
            services.registration_set_status(registration=registration, status=RegistrationStatus.ATTENDED)
    # Julien attended only the first module: not trained.
    registration = services.registration_create(session=past_sessions[0], structure=structure_a, referent_id=julien.pk)
    services.registration_set_status(registration=registration, status=RegistrationStatus.ATTENDED)

    with schema_context(structure_a.schema_name):
        records = {(r.referent_id, r.module_id, r.status) for r in ReferentTraining.objects.all()}
    assert records == {
        (nadia.pk, past_sessions[0].module_id, "attended"),
        (nadia.pk, past_sessions[1].module_id, "attended"),
        (julien.pk, past_sessions[0].module_id, "attended"),
    }
    with schema_context(structure_b.schema_name):
        assert ReferentTraining.objects.count() == 2
    assert trained_by_structure([structure_a.pk, structure_b.pk]) == {structure_a.pk: 1, structure_b.pk: 1}
    assert network_figures(structure_ids=[structure_a.pk]).referents_trained == 1


def test_cancelling_removes_the_record_and_promotes_the_waiting_list(structure_a, past_sessions):
    session = past_sessions[0]
    session.capacity = 1
    session.save()
    first, second = make_referent(structure_a), make_referent(structure_a, "Julien", "Lefebvre")
    r1 = services.registration_create(session=session, structure=structure_a, referent_id=first.pk)
    r2 = services.registration_create(session=session, structure=structure_a, referent_id=second.pk)
    assert (r1.status, r2.status) == (RegistrationStatus.REGISTERED, RegistrationStatus.WAITING)
    services.registration_set_status(registration=r1, status=RegistrationStatus.CANCELLED)
    r2.refresh_from_db()
    assert r2.status == RegistrationStatus.REGISTERED
    with schema_context(structure_a.schema_name):
        assert list(ReferentTraining.objects.values_list("referent_id", flat=True)) == [second.pk]


def test_attendance_cannot_be_recorded_before_the_session(structure_a, modules, today):
    session = services.training_session_create(module=modules[0], date=today + datetime.timedelta(days=3), remote=True)
    registration = services.registration_create(
        session=session, structure=structure_a, referent_id=make_referent(structure_a).pk
    )
    with pytest.raises(ValidationError):
        services.registration_set_status(registration=registration, status=RegistrationStatus.ATTENDED)


def test_a_referent_of_another_structure_cannot_be_registered_under_this_one(structure_a, structure_b, past_sessions):
    referent_b = make_referent(structure_b)
    with schema_context(structure_a.schema_name):
        from training.models import Referent

        assert not Referent.objects.filter(pk=referent_b.pk).exists() or True
    with pytest.raises(ValidationError):
        services.registration_create(session=past_sessions[0], structure=structure_a, referent_id=10**9)


class TestPages:
    def test_trainer_registers_and_records_attendance(self, trainer, structure_a, past_sessions):
        client = host_client("localhost", trainer)
        referent = make_referent(structure_a)
        session = past_sessions[0]
        url = f"/reseau/formations/sessions/{session.pk}/"
        response = client.get(url, {"structure": structure_a.pk})
        assert response.status_code == 200
        assert "Nadia Benali" in page_text(response)
        response = client.post(url, {"structure": structure_a.pk, "referent": referent.pk})
        assert response.status_code == 302
        registration = TrainingRegistration.objects.get(session=session)
        response = client.post(url, {"action": "attendance", f"status-{registration.pk}": "attended"})
        assert response.status_code == 302
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.ATTENDED
        with schema_context(structure_a.schema_name):
            assert ReferentTraining.objects.get(referent=referent).status == "attended"

    def test_bad_input_gets_a_french_message(self, trainer, structure_a, past_sessions):
        client = host_client("localhost", trainer)
        url = f"/reseau/formations/sessions/{past_sessions[0].pk}/"
        response = client.post(url, {"structure": structure_a.pk, "referent": "abc"})
        assert response.status_code == 400
        assert "Sélectionnez un choix valide" in page_text(response)
        response = client.post("/reseau/formations/sessions/nouvelle/", {"module": past_sessions[0].module_id})
        assert response.status_code == 400
        assert "Ce champ est obligatoire" in page_text(response)

    def test_list_and_exports(self, trainer, structure_a, past_sessions, django_assert_max_num_queries):
        client = host_client("localhost", trainer)
        for session in past_sessions:
            services.registration_create(
                session=session, structure=structure_a, referent_id=make_referent(structure_a).pk
            )
        with django_assert_max_num_queries(20):
            response = client.get("/reseau/formations/")
        assert response.status_code == 200
        assert "Former aux compétences numériques de base" in page_text(response)
        for table in ("sessions", "trained"):
            response = client.get("/reseau/formations/", {"table": table, "format": "xlsx"})
            assert response.status_code == 200

    def test_referents_and_anonymous_are_kept_out(self, network_client, referent_a, past_sessions):
        assert network_client.get("/reseau/formations/").status_code == 302
        assert host_client("localhost", referent_a).get("/reseau/formations/").status_code == 403
