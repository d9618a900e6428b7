"""Referents, managed by the structure's managers, and their training record."""

import pytest

from tests.conftest import page_text
from tests.training.conftest import referent_in
from training.models import Referent, ReferentTraining


def test_manager_creates_a_referent_linked_to_a_member(manager_client_a, structure_a, referent_a, in_schema):
    response = manager_client_a.post(
        "/referents/new/",
        {"first_name": "Léa", "last_name": "Martin", "job_title": "Travailleuse sociale", "user": referent_a.pk,
         "active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    with in_schema(structure_a):
        referent = Referent.objects.get()
    assert (referent.user_id, referent.active) == (referent_a.pk, True)


def test_a_user_of_another_structure_cannot_be_linked(manager_client_a, referent_b, structure_a, in_schema):
    response = manager_client_a.post("/referents/new/", {"first_name": "X", "last_name": "Y", "user": referent_b.pk})
    assert response.status_code == 400 and "Sélectionnez un choix valide" in page_text(response)
    with in_schema(structure_a):
        assert not Referent.objects.exists()


def test_referents_cannot_manage_referents(client_a, structure_a, in_schema):
    assert client_a.get("/referents/new/").status_code == 403
    assert client_a.post("/referents/new/", {"first_name": "X", "last_name": "Y"}).status_code == 403
    referent = referent_in(structure_a, in_schema)
    assert client_a.post(f"/referents/{referent.pk}/edit/", {"first_name": "Z", "last_name": "Y"}).status_code == 403


def test_training_record_and_trained_badge(client_a, structure_a, in_schema, django_assert_max_num_queries):
    trained = referent_in(structure_a, in_schema, first_name="Formée")
    half = referent_in(structure_a, in_schema, first_name="Moitié")
    from network.models import TrainingModule

    first, second = TrainingModule.objects.filter(required=True).values_list("pk", flat=True)[:2]
    with in_schema(structure_a):
        for module_id in (first, second):
            ReferentTraining.objects.create(referent=trained, session_id=10 + module_id, module_id=module_id,
                                            status="attended")  # fmt: skip
        ReferentTraining.objects.create(referent=half, session_id=11, module_id=first, status="attended")
        ReferentTraining.objects.create(referent=half, session_id=12, module_id=second, status="absent")
    with django_assert_max_num_queries(20):
        response = client_a.get("/referents/")
    text = page_text(response)
    assert text.count("Pas encore formé") == 1 and "Formé" in text
    detail = page_text(client_a.get(f"/referents/{half.pk}/"))
    assert "Pas encore formé" in detail and "Absent" in detail


@pytest.mark.parametrize("url", ["/referents/{}/", "/referents/{}/edit/"])
def test_b_cannot_reach_a_referent_of_a(url, structure_a, structure_b, manager_b, in_schema):
    from tests.conftest import host_client

    referent = referent_in(structure_a, in_schema)
    with in_schema(structure_b):
        Referent.objects.filter(pk=referent.pk).delete()  # make sure the id is free on B
    assert host_client(structure_b.host, manager_b).get(url.format(referent.pk)).status_code == 404
