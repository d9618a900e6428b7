import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from api.services import api_token_create


def token_for(user) -> str:
    _token, raw = api_token_create(user=user, name="Outil de test")
    return raw


def api_client(host: str, user=None) -> APIClient:
    """A client on ``host`` carrying ``user``'s personal token (anonymous without a user)."""
    headers = {"HTTP_HOST": host}
    if user is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token_for(user)}"
    client = APIClient(**headers)
    return client


@pytest.fixture(autouse=True)
def _empty_cache(db):
    """Throttling counts live in the cache: each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_a(structure_a, referent_a):
    return api_client(structure_a.host, referent_a)


@pytest.fixture
def manager_api_a(structure_a, manager_a):
    return api_client(structure_a.host, manager_a)


@pytest.fixture
def api_b(structure_b, referent_b):
    return api_client(structure_b.host, referent_b)
