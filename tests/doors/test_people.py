"""Recording a person through the page, the API and the import: the same rules and messages."""

import datetime

import pytest
from django.utils import timezone

from figures.models import BeneficiaryFact
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


def journey_case(*, referral="2024-01-10", exit_date="2024-03-01", exit_autonomous="oui") -> Case:
    """A person referred by the RSA service, then out, autonomous: in each door's shape."""
    return Case(
        page=("/people/new/", {"label": "JR", "gender": "feminin", "birth_year": "1980",
                               "social_status": "non_communique", "referral_source": "service_rsa",
                               "referral_partner": "CCAS – service RSA", "referral_date": referral,
                               "exit_date": exit_date, "exit_autonomous": exit_autonomous, "qpv": "oui",
                               "minimum_income": "oui", "exit_minimum_income": "non"}),
        api=("post", "/api/v1/people/", {"label": "JR", "gender": "feminin", "birth_year": 1980,
                                         "referral_source": "service_rsa",
                                         "referral_partner": "CCAS – service RSA", "referral_date": referral or None,
                                         "exit_date": exit_date or None, "exit_autonomous": exit_autonomous,
                                         "qpv": "oui", "minimum_income": "oui", "exit_minimum_income": "non"}),
        rows=[{"initiales": "JR", "genre": "feminin", "annee_naissance": "1980", "orientation_source": "service_rsa",
               "orientation_partenaire": "CCAS – service RSA", "date_orientation": referral,
               "date_sortie": exit_date, "autonome_sortie": exit_autonomous, "qpv": "oui",
               "minima_sociaux": "oui", "minima_sociaux_sortie": "non"}],
        extra={"import_kind": "people"},
    )  # fmt: skip


@pytest.mark.parametrize("door", DOORS)
def test_a_journey_is_recorded_the_same_through_every_door(door, structure_a, manager_a, in_schema, facts_clean):
    outcome = DOORS[door](structure_a, manager_a, journey_case())
    assert outcome.accepted, outcome.text
    with in_schema(structure_a):
        stored = Beneficiary.objects.get()
        assert (
            stored.referral_source, stored.referral_partner, str(stored.referral_date), str(stored.exit_date),
            stored.exit_autonomous, stored.qpv, stored.minimum_income, stored.exit_minimum_income,
            stored.exit_situation, stored.disability,
        ) == (
            "service_rsa", "CCAS – service RSA", "2024-01-10", "2024-03-01", "oui", "oui", "oui", "non",
            "non_communique", "non_communique",
        )  # fmt: skip
    facts_clean(structure_a)
    fact = BeneficiaryFact.objects.get(structure=structure_a)
    assert (fact.referral_source, fact.exit_date, fact.exit_autonomous, fact.qpv) == (
        "service_rsa", datetime.date(2024, 3, 1), "oui", "oui",
    )  # fmt: skip


@pytest.mark.parametrize(
    "inputs, message",
    [
        ({"exit_date": "2023-12-01"}, "La sortie ne peut pas précéder l'orientation"),
        ({"exit_date": "2099-01-01"}, "La date ne peut pas être dans le futur."),
        ({"exit_date": ""}, "Cette réponse se recueille à la sortie : indiquez d'abord la date de sortie."),
    ],
)
@pytest.mark.parametrize("door", DOORS)
def test_a_wrong_exit_is_refused_with_one_message(door, inputs, message, structure_a, manager_a, in_schema):
    outcome = DOORS[door](structure_a, manager_a, journey_case(**inputs))
    assert outcome.status == 400
    assert outcome.refused_with(message), outcome.text
    with in_schema(structure_a):
        assert not Beneficiary.objects.exists()
    assert not BeneficiaryFact.objects.filter(structure=structure_a).exists()
