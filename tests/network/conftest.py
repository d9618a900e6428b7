import datetime
import time

import pytest
from django.core.cache import cache
from django.utils import timezone

from network import services
from network.antispam import form_token
from network.models import TrainingModule


@pytest.fixture(autouse=True)
def _clear_cache(db):
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def programme(db, today):
    return services.programme_create(
        name="Programme test",
        territory="Lille",
        start=today - datetime.timedelta(days=100),
        end=today + datetime.timedelta(days=100),
        funders=[{"name": "Métropole", "share": 50}],
    )


@pytest.fixture
def open_call(programme, today):
    return services.call_create(
        programme=programme,
        title="Devenez relais",
        opens=today - datetime.timedelta(days=5),
        closes=today + datetime.timedelta(days=5),
    )


VALID_SIRET = "73282932000074"


def application_data(**overrides) -> dict:
    data = {
        "structure_name": "CCAS de Testville",
        "kind": "ccas",
        "siret": VALID_SIRET,
        "address": "1 place de la Mairie",
        "postcode": "59000",
        "commune": "Testville",
        "contact_first_name": "Claire",
        "contact_last_name": "Durand",
        "contact_job_title": "Directrice",
        "contact_email": "claire.durand@exemple.fr",
        "contact_phone": "",
        "motivation": "Nos publics ont besoin d'aide.",
        "publics": ["seniors"],
        "website": "",
        "started": form_token(time.time() - 60),
    }
    data.update(overrides)
    return data


@pytest.fixture
def application(open_call):
    data = application_data()
    data.pop("website")
    data.pop("started")
    return services.application_submit(call=open_call, **data)


@pytest.fixture
def modules(db):
    return list(TrainingModule.objects.filter(required=True).order_by("order"))
