import io

from django.core.management import call_command
from django.utils import timezone

from figures.compute import compute_figures
from network.figures import network_figures
from tenants.models import Structure
from training.demo import PERIOD
from training.facts import facts_differences


def test_demo_reproduces_the_pilots_published_figures(db, network_client):
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    pilot = Structure.objects.filter(
        slug__in=["houplines", "leers", "haubourdin", "faches-thumesnil", "ateliers-de-la-lys"]
    )
    figures = network_figures(structure_ids=[s.pk for s in pilot], start=PERIOD[0], end=PERIOD[1])
    assert figures.structures == 5
    assert figures.activities["workshop"] + figures.activities["dropin"] == 32
    assert figures.courses["total"] == 24
    assert figures.sessions == 56
    assert figures.people == 144
    assert figures.people_in_courses == 136
    assert round(figures.women_share * 100) == 61
    assert round(figures.mean_age) == 60
    for structure in pilot:
        assert facts_differences(structure) == {}
    # Every structure of the demo, the other articles' programmes included: the facts are the records'.
    out = io.StringIO()
    call_command("check_facts", stdout=out)
    assert f"No difference in {Structure.objects.relays().count()} structures." in out.getvalue()
    # Recent sessions (after the pilot's period): "this month" is not empty on the first visit.
    today = timezone.localdate()
    for structure in pilot:
        this_month = compute_figures(structure_ids=[structure.pk], start=today.replace(day=1), end=today)
        assert this_month.sessions > 0 and this_month.people > 0

    # The network's home is the editable CMS home page, with the kits.
    home = network_client.get("/")
    assert home.status_code == 200
    assert "/kits/" in home.content.decode()

    # A sixth, open-access space outside the pilot programme.
    bge = Structure.objects.get(slug="bge-indre")
    figures = network_figures(structure_ids=[bge.pk])
    shares = figures.desk["status_shares"]
    assert shares["sans_emploi"] > shares["en_emploi"] > shares["retraite"] > shares["scolarise"]
    assert figures.mentors["mentors"] == 3
    assert figures.equipment["by_kind"]["laptop"] == 4
    assert facts_differences(bge) == {}
    # Its weekly workshops appear on the network's combined calendar, filterable by commune and theme.
    page = network_client.get("/agenda/", {"commune": "Châteauroux", "theme": "securite_numerique"})
    assert page.status_code == 200
    assert "Se protéger des arnaques" in page.content.decode()
    assert "Rédiger son CV" not in page.content.decode()
