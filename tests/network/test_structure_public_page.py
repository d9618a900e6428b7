"""The public side: a page per structure linked from the directory, the calendar's phone number,
a confirmation that repeats what and when, and a notice of how the data are used."""

import datetime

from django.test import Client
from django.utils import timezone

from tests.conftest import host_client, page_text
from training.models import ScheduledWorkshop


def test_directory_links_to_a_page_per_structure(client, structure_a, client_a, in_schema):
    structure_a.address, structure_a.postcode, structure_a.phone = "2 rue du Port", "59000", "03 20 00 00 00"
    structure_a.opening_hours = "Lundi–vendredi 9 h–12 h"
    structure_a.save()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client_a.post(
        "/calendar/",
        {"title": "Arnaques en ligne", "date": tomorrow.isoformat(), "start_time": "14:00", "duration_minutes": 90,
         "seats": 5, "published": "on", "themes": ["securite_numerique"]},
    )  # fmt: skip
    public = Client(HTTP_HOST="localhost")
    directory = page_text(public.get("/structures/"))
    assert f'href="/structures/{structure_a.slug}/"' in directory
    page = page_text(public.get(f"/structures/{structure_a.slug}/"))
    for text in ("2 rue du Port", "Lundi–vendredi 9 h–12 h", "03 20 00 00 00", "Arnaques en ligne", "inscrire"):
        assert text in page, text
    assert public.get("/structures/nobody-here/").status_code == 404


def test_public_calendar_gives_the_number_confirms_and_explains(structure_a, client_a, in_schema):
    structure_a.phone = "03 20 11 22 33"
    structure_a.save()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client_a.post(
        "/calendar/",
        {"title": "Ma messagerie", "date": tomorrow.isoformat(), "start_time": "10:00", "duration_minutes": 90,
         "seats": 5, "published": "on", "themes": ["email"]},
    )  # fmt: skip
    with in_schema(structure_a):
        workshop = ScheduledWorkshop.objects.get()
    anonymous = host_client(structure_a.host)
    page = page_text(anonymous.get("/public/calendar/"))
    assert "appelez-nous au" in page and "03 20 11 22 33" in page
    assert "jamais transmis" in page and "effacé" in page
    assert 'class="button button-primary">S' in page
    response = anonymous.post("/public/calendar/", {"workshop": workshop.pk, "label": "Josiane"}, follow=True)
    text = page_text(response)
    assert "Ma messagerie" in text and "à 10:00" in text and str(tomorrow.year) in text
