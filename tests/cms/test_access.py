import pytest
from django.contrib.auth.models import Group

from cms.services import COORDINATORS_GROUP, TRAINERS_GROUP
from tests.cms.conftest import url_of
from tests.conftest import host_client


def test_referent_gets_403_in_the_kit_editor(referent_a):
    assert host_client("localhost", referent_a).get("/cms-admin/").status_code == 403


def test_anonymous_visitor_is_sent_to_login(network_client, home):
    response = network_client.get("/cms-admin/")
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("role", ["trainer", "coordinator"])
def test_trainers_and_coordinators_reach_the_kit_editor(request, role, home):
    user = request.getfixturevalue(role)
    response = host_client("localhost", user).get("/cms-admin/")
    assert response.status_code == 200
    group = {"trainer": TRAINERS_GROUP, "coordinator": COORDINATORS_GROUP}[role]
    assert list(user.groups.values_list("name", flat=True)) == [group]


def test_a_former_trainer_loses_the_editor_group(trainer, home):
    host_client("localhost", trainer).get("/cms-admin/")
    assert Group.objects.get(name=TRAINERS_GROUP) in trainer.groups.all()
    trainer.network_role = ""
    trainer.save()
    assert host_client("localhost", trainer).get("/cms-admin/").status_code == 403
    assert not trainer.groups.exists()


@pytest.mark.parametrize("path", ["/cms-admin/", "/cms-admin/pages/", "/documents/1/x.pdf", "/accueil-test/"])
def test_wagtail_is_not_served_on_a_structure_host(structure_a, path, home):
    from tenants.models import User

    superuser = User.objects.create_superuser(email="racine@exemple.fr", password="x")
    response = host_client(structure_a.host, superuser).get(path)
    assert response.status_code == 404


def test_wagtail_pages_are_not_served_on_a_structure_host(client_a, scam_kit):
    # The kit's network address, /kits/<slug>/, means nothing on a structure's host.
    assert client_a.get(url_of(scam_kit)).status_code == 404
    assert client_a.get(f"/kits/{scam_kit.pk}/").status_code == 200
