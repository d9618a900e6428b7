"""A coordinator's decision on an application, through the network's page and the API."""

import pytest
from django.core import mail

from network.enums import ApplicationStatus
from network.models import Application
from tenants.models import Invitation, Structure
from tests.doors.conftest import Case, api_door, page_door

DOORS = {"page": page_door, "api": api_door}


def select_case(application, slug) -> Case:
    return Case(
        page=(f"/reseau/candidatures/{application.pk}/", {"action": "select", "slug": slug}),
        api=("post", f"/api/v1/applications/{application.pk}/select/", {"slug": slug}),
        extra={"host": "localhost"},
    )


@pytest.mark.parametrize("door", DOORS)
def test_select_provisions_and_invites_once_committed(door, coordinator, application,
                                                      django_capture_on_commit_callbacks):  # fmt: skip
    with django_capture_on_commit_callbacks() as callbacks:
        outcome = DOORS[door](None, coordinator, select_case(application, "testville"))
        assert outcome.accepted, outcome.text
        assert not mail.outbox
    for callback in callbacks:
        callback()
    structure = Structure.objects.get(slug="testville")
    invitation = Invitation.objects.get(structure=structure)
    assert [m.to for m in mail.outbox if invitation.token in m.body] == [["claire.durand@exemple.fr"]]
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SELECTED


@pytest.mark.parametrize("door", DOORS)
def test_select_with_a_taken_address_is_refused_and_sends_nothing(
    door, coordinator, application, structure_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = DOORS[door](None, coordinator, select_case(application, structure_a.slug))
    assert outcome.status == 400
    assert "adresse" in outcome.text.lower(), outcome.text
    assert not mail.outbox
    assert Application.objects.get(pk=application.pk).status != ApplicationStatus.SELECTED
