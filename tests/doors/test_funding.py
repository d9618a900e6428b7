"""A programme's funders and recorded indicators, through the network's page and the API: the same rule,
the same French message, nothing stored when refused."""

import datetime

import pytest
from django.utils import timezone

from network.models import Funding
from tests.doors.conftest import Case, api_door, page_door

DOORS = {"page": page_door, "api": api_door}
NETWORK = {"host": "localhost"}


def funding_case(programme, share) -> Case:
    return Case(
        page=(f"/reseau/programmes/{programme.pk}/",
              {"funding-funder": "FSE", "funding-kind": "fse", "funding-share": share}),
        api=("post", "/api/v1/fundings/", {"programme": programme.pk, "funder": "FSE", "kind": "fse", "share": share}),
        extra=NETWORK,
    )  # fmt: skip


@pytest.mark.parametrize("door", DOORS)
def test_shares_over_100_percent_are_refused_alike(door, coordinator, programme):
    # The programme's funder "Métropole" has 50 %.
    outcome = DOORS[door](None, coordinator, funding_case(programme, "60"))
    assert outcome.status == 400
    assert outcome.refused_with("Les parts des financeurs dépassent 100 % au total."), outcome.text
    assert list(Funding.objects.filter(programme=programme).values_list("funder", flat=True)) == ["Métropole"]


@pytest.mark.parametrize("door", DOORS)
def test_a_share_within_100_percent_is_accepted_alike(door, coordinator, programme):
    outcome = DOORS[door](None, coordinator, funding_case(programme, "50"))
    assert outcome.accepted, outcome.text
    assert Funding.objects.get(programme=programme, funder="FSE").share == 50


def indicator_case(programme, source) -> Case:
    day = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    data = {"label": "Courriers d'invitation envoyés", "value": "15000", "date": day, "source": source}
    return Case(
        page=(f"/reseau/programmes/{programme.pk}/indicateurs/", data),
        api=("post", "/api/v1/recorded-indicators/", {"programme": programme.pk, **data}),
        extra=NETWORK,
    )


@pytest.mark.parametrize("door", DOORS)
def test_a_recorded_indicator_without_source_is_refused_alike(door, coordinator, programme):
    outcome = DOORS[door](None, coordinator, indicator_case(programme, "  "))
    assert outcome.status == 400
    assert outcome.refused_with(
        "Indiquez la source de ce chiffre : d'où il vient (un service partenaire, un export…)."
    ), outcome.text
    assert not programme.recorded_indicators.exists()


@pytest.mark.parametrize("door", DOORS)
def test_a_recorded_indicator_with_its_source_is_accepted_alike(door, coordinator, programme):
    outcome = DOORS[door](None, coordinator, indicator_case(programme, "service RSA"))
    assert outcome.accepted, outcome.text
    assert programme.recorded_indicators.get().source == "service RSA"
