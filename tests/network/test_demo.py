"""The pilot programme's demo: the published figures, computed from the demo records."""

import pytest

from network import demo
from network.figures import network_figures
from network.models import Application, Programme, TrainingRegistration


@pytest.fixture
def pilot(db):
    from tenants import demo as tenants_demo

    tenants_demo.seed()
    programme = demo.seed()
    try:
        from training import demo as training_demo
    except ImportError:
        training_demo = None
    if training_demo is not None:
        training_demo.seed()
    return programme


def test_the_pilot_programme_reproduces_the_published_figures(pilot, coordinator_client):
    funnel = Application.objects.filter(call__programme=pilot).funnel()
    assert (funnel["received"], funnel["selected"], funnel["rejected"]) == (22, 5, 17)
    ids = list(pilot.plans.values_list("structure_id", flat=True))
    assert len(ids) == 5
    figures = network_figures(structure_ids=ids, start=pilot.start, end=pilot.end)
    assert figures.referents_trained == 13
    assert figures.structures == 5
    if figures.activities["total"]:
        assert figures.sessions == 56
        assert figures.courses["total"] == 24
        assert figures.activities["workshop"] + figures.activities["dropin"] == 32
        assert figures.people == 144
        assert figures.people_in_courses == 136
        assert round(100 * figures.women_share) == 61
        assert round(figures.mean_age) == 60
    response = coordinator_client.get(f"/reseau/programmes/{pilot.pk}/bilan/")
    text = response.content.decode()
    assert "Sur les 22 structures" in text and "5 ont été sélectionnées" in text
    assert "13 référents des 5 structures" in text
    assert "14 décembre 2023" in text


def test_the_demo_is_idempotent(pilot):
    counts = (Programme.objects.count(), Application.objects.count(), TrainingRegistration.objects.count())
    demo.seed()
    assert (Programme.objects.count(), Application.objects.count(), TrainingRegistration.objects.count()) == counts
