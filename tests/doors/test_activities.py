"""Logging an activity through the page, the API and the import: the same rules, the same state, the same facts."""

import pytest

from tests.doors.conftest import DOORS, Case
from training.models import Activity
from training.services.activities import TOO_MANY_ANONYMOUS

PLACE_IMPORT = {"lieu_activite": "lieu_activite", "domicile": "domicile"}


def workshop_case(*, anonymous: int, place_type="lieu_activite", place_name="", date="2024-03-14") -> Case:
    return Case(
        page=(
            "/activities/new/",
            {"kind": "workshop", "date": date, "duration_minutes": "90", "themes": ["email"],
             "place_type": place_type, "place_name": place_name, "anonymous_total": str(anonymous),
             "anonymous_already_seen": "0"},
        ),
        api=(
            "post",
            "/api/v1/activities/",
            {"kind": "workshop", "date": date, "duration_minutes": 90, "themes": ["email"],
             "place_type": place_type, "place_name": place_name, "anonymous_total": anonymous},
        ),
        rows=[{"date": date, "type": "atelier", "duree_minutes": "90", "thematiques": "email",
               "lieu": PLACE_IMPORT[place_type], "lieu_nom": place_name, "anonymes": str(anonymous)}],
    )  # fmt: skip


@pytest.mark.parametrize("door", DOORS)
def test_a_workshop_is_stored_the_same_through_every_door(door, structure_a, manager_a, in_schema, facts_clean):
    outcome = DOORS[door](structure_a, manager_a, workshop_case(anonymous=5))
    assert outcome.accepted, outcome.text
    with in_schema(structure_a):
        stored = Activity.objects.get()
        assert (stored.kind, stored.anonymous_total, stored.themes, stored.duration_minutes) == (
            "workshop", 5, ["email"], 90,
        )  # fmt: skip
        assert stored.anonymous_breakdown["gender"] == {"non_communique": 5}
    facts_clean(structure_a)


@pytest.mark.parametrize("count", [Activity.MAX_ANONYMOUS + 1, 2**31 - 1, 2**31, 10**20])
@pytest.mark.parametrize("door", DOORS)
def test_anonymous_counts_have_one_bound_on_every_door(door, count, structure_a, manager_a, in_schema, facts_clean):
    outcome = DOORS[door](structure_a, manager_a, workshop_case(anonymous=count))
    assert outcome.status == 400
    assert outcome.refused_with(TOO_MANY_ANONYMOUS), outcome.text
    with in_schema(structure_a):
        assert not Activity.objects.exists()
    facts_clean(structure_a)


@pytest.mark.parametrize("door", DOORS)
def test_the_bound_itself_is_accepted(door, structure_a, manager_a, in_schema):
    assert DOORS[door](structure_a, manager_a, workshop_case(anonymous=Activity.MAX_ANONYMOUS)).accepted


@pytest.mark.parametrize("door", DOORS)
def test_a_session_at_home_needs_its_commune_on_every_door(door, structure_a, manager_a, in_schema):
    outcome = DOORS[door](structure_a, manager_a, workshop_case(anonymous=1, place_type="domicile"))
    assert outcome.refused_with("Indiquez la commune"), outcome.text
    assert DOORS[door](structure_a, manager_a, workshop_case(anonymous=1, place_type="domicile",
                                                             place_name="Lille")).accepted  # fmt: skip


@pytest.mark.parametrize("door", DOORS)
def test_a_future_date_is_refused_with_one_message(door, structure_a, manager_a, in_schema):
    outcome = DOORS[door](structure_a, manager_a, workshop_case(anonymous=1, date="2099-01-05"))
    assert outcome.refused_with("Une séance ne peut pas être enregistrée dans le futur"), outcome.text
