""" "Published kit" has one definition (KitPageQuerySet.published): every door that shows or takes a kit uses it."""

import pytest
from wagtail.models import PageViewRestriction

from cms.selectors import kit_choices
from figures.enums import Theme
from tests.api.conftest import api_client
from tests.cms.conftest import make_kit
from tests.conftest import page_text
from tests.doors.conftest import Case, api_door, page_door
from training.models import Activity
from training.services.common import KIT_NOT_PUBLISHED


@pytest.fixture
def kits(kit_index):
    published = make_kit(kit_index, title="Kit publié", slug="publie", themes=[Theme.EMAIL])
    draft = make_kit(kit_index, title="Kit brouillon", slug="brouillon", publish=False)
    private = make_kit(kit_index, title="Kit réservé", slug="reserve")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return published, draft, private


def test_every_door_lists_the_published_kits_only(kits, structure_a, client_a):
    published, draft, private = kits
    assert kit_choices() == [(published.pk, "Kit publié")]
    api_titles = [k["title"] for k in api_client("localhost").get("/api/v1/kits/").json()["results"]]
    assert api_titles == ["Kit publié"]
    assert client_a.get(f"/kits/{published.pk}/").status_code == 200
    for kit in (draft, private):
        assert client_a.get(f"/kits/{kit.pk}/").status_code == 404
        assert client_a.get("/activities/new/", {"kit": kit.pk}).context["form"].initial.get("kit_id") is None
    log_form = client_a.get("/activities/new/", {"kit": published.pk})
    assert log_form.context["form"].initial["kit_id"] == published.pk
    assert log_form.context["form"].initial["themes"] == [Theme.EMAIL]
    assert "Kit publié" in page_text(log_form) and "Kit brouillon" not in page_text(log_form)


def log_with_kit(kit_id) -> Case:
    return Case(
        page=("/activities/new/", {"kind": "workshop", "date": "2024-03-14", "duration_minutes": "90",
                                   "themes": ["email"], "place_type": "lieu_activite", "anonymous_total": "2",
                                   "anonymous_already_seen": "0", "kit_id": str(kit_id)}),
        api=("post", "/api/v1/activities/", {"kind": "workshop", "date": "2024-03-14", "duration_minutes": 90,
                                             "themes": ["email"], "anonymous_total": 2, "kit_id": kit_id}),
    )  # fmt: skip


@pytest.mark.parametrize("door", {"page": page_door, "api": api_door})
def test_an_activity_takes_a_published_kit_only(door, kits, structure_a, referent_a, in_schema):
    published, draft, private = kits
    drive = {"page": page_door, "api": api_door}[door]
    for kit in (draft, private):
        outcome = drive(structure_a, referent_a, log_with_kit(kit.pk))
        assert outcome.status == 400
        if door == "api":
            assert outcome.refused_with(KIT_NOT_PUBLISHED), outcome.text
    assert drive(structure_a, referent_a, log_with_kit(published.pk)).accepted
    with in_schema(structure_a):
        assert list(Activity.objects.values_list("kit_id", flat=True)) == [published.pk]
