import json

import pytest
from django.urls import set_urlconf
from wagtail.models import Page, Site

from cms.enums import Audience
from cms.models import HomePage, KitIndexPage, KitPage
from cms.services import kit_workflow_assign
from figures.enums import Equipment, Level, Theme


def steps(*titles):
    return json.dumps(
        [
            {
                "type": "step",
                "value": {
                    "title": title,
                    "duration": 20,
                    "instructions": f"<p>Consignes : {title}</p>",
                    "materials": ["Paperboard"],
                    "tips": "<p>Conseil d'animation</p>",
                },
            }
            for title in titles
        ]
    )


def make_kit(index, *, publish=True, **fields) -> KitPage:
    defaults = {
        "title": "Kit de test",
        "summary": "Un atelier pour apprendre.",
        "objectives": "<p>Apprendre.</p>",
        "themes": [Theme.DEVICE_HANDLING],
        "level": Level.BEGINNER,
        "duration_minutes": 90,
        "equipment": [Equipment.COMPUTER],
        "audiences": [Audience.ALL],
        "steps": steps("Accueil", "Pratique"),
    }
    kit = KitPage(**{**defaults, **fields}, live=False)
    index.add_child(instance=kit)
    revision = kit.save_revision()
    if publish:
        revision.publish()
        kit.refresh_from_db()
    return kit


@pytest.fixture
def home(db):
    """A home page made the default site's root, inside the test's transaction."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Accueil test", slug="accueil-test"))
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.hostname = "localhost"
    site.port = 80
    site.save()
    Site.clear_site_root_paths_cache()
    yield home
    Site.clear_site_root_paths_cache()


@pytest.fixture
def kit_index(home):
    index = home.add_child(instance=KitIndexPage(title="Kits d'animation", slug="kits"))
    kit_workflow_assign(index=index)
    return index


@pytest.fixture
def scam_kit(kit_index):
    return make_kit(
        kit_index,
        title="Déjouer les arnaques en ligne",
        summary="Reconnaître un faux SMS et une arnaque au faux conseiller.",
        themes=[Theme.SECURITY, Theme.EMAIL],
        level=Level.BEGINNER,
        duration_minutes=90,
        equipment=[Equipment.PHONE],
        audiences=[Audience.SENIORS],
        steps=steps("Le jeu du vrai ou faux", "Vérifier sans cliquer"),
    )


@pytest.fixture
def tablet_kit(kit_index):
    return make_kit(
        kit_index,
        title="Premiers pas sur la tablette",
        summary="Les gestes de base sur un écran tactile.",
        themes=[Theme.DEVICE_HANDLING],
        level=Level.INTERMEDIATE,
        duration_minutes=150,
        equipment=[Equipment.TABLET],
        audiences=[Audience.DISABILITY],
        steps=steps("Allumer la tablette"),
    )


def url_of(page) -> str:
    """A page's address on the network site (outside a request, the default URLconf is the structures')."""
    set_urlconf("config.urls_public")
    try:
        return page.get_url()
    finally:
        set_urlconf(None)
