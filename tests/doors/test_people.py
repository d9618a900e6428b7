"""Recording a person through the page, the API and the import: the same rules and messages."""

import pytest
from django.utils import timezone

from tests.doors.conftest import DOORS, Case
from training.models import Beneficiary


def person_case(*, birth_year="1950", consent="2024-01-05") -> Case:
    return Case(
        page=("/people/new/", {"label": "AM", "gender": "feminin", "birth_year": birth_year,
                               "social_status": "non_communique", "consent_date": consent}),
        api=("post", "/api/v1/people/", {"label": "AM", "gender": "feminin",
                                         "birth_year": int(birth_year) if birth_year else None,
                                         "consent_date": consent or None}),
        rows=[{"initiales": "AM", "genre": "feminin", "annee_naissance": birth_year,
               "date_consentement": consent}],
        extra={"import_kind": "people"},
    )  # fmt: skip


@pytest.mark.parametrize("door", DOORS)
def test_a_person_is_recorded_the_same_through_every_door(door, structure_a, manager_a, in_schema, facts_clean):
    outcome = DOORS[door](structure_a, manager_a, person_case())
    assert outcome.accepted, outcome.text
    with in_schema(structure_a):
        stored = Beneficiary.objects.get()
        assert (stored.label, stored.gender, stored.birth_year, str(stored.consent_date)) == (
            "AM", "feminin", 1950, "2024-01-05",
        )  # fmt: skip
    facts_clean(structure_a)


@pytest.mark.parametrize(
    "inputs, message",
    [
        ({"birth_year": "1850"}, "L'année de naissance doit être comprise entre 1900 et"),
        ({"birth_year": "2147483648"}, "L'année de naissance doit être comprise entre 1900 et"),
        ({"consent": "2099-01-01"}, "La date ne peut pas être dans le futur."),
    ],
)
@pytest.mark.parametrize("door", DOORS)
def test_a_wrong_person_is_refused_with_one_message(door, inputs, message, structure_a, manager_a, in_schema):
    outcome = DOORS[door](structure_a, manager_a, person_case(**inputs))
    assert outcome.status == 400
    assert outcome.refused_with(message), outcome.text
    with in_schema(structure_a):
        assert not Beneficiary.objects.exists()
    assert timezone.localdate().year > 2000
