"""The history of an imported activity opens (it keeps the file's name, not a before/after pair)."""

import pytest

from tests.api.conftest import api_client
from tests.conftest import host_client, make_member, page_text
from tests.training.test_data import ACTIVITY_HEADER, csv_file
from training.models import Activity

pytestmark = pytest.mark.django_db


def test_history_of_an_imported_activity(structure_a, in_schema):
    manager = make_member(structure_a, "manager")
    client = host_client(structure_a.host, manager)
    text = ACTIVITY_HEADER + "\n15/03/2024;permanence;30;;aide_aux_demarches_administratives;;1;1;0\n"
    response = client.post("/data/import/", {"kind": "activities", "file": csv_file(text, name="janvier.csv")})
    assert response.status_code == 302
    with in_schema(structure_a):
        activity = Activity.objects.get()
    page = client.get(f"/activities/{activity.pk}/history/")
    assert page.status_code == 200
    assert "janvier.csv" in page_text(page)
    api = api_client(structure_a.host, manager).get(f"/api/v1/activities/{activity.pk}/history/")
    assert api.status_code == 200
