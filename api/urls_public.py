"""``/api/`` on the network host: the token page and ``/api/v1/``, acting on the network."""

from django.urls import include, path

from api.urls_common import docs_urlpatterns, token_urlpatterns

v1_patterns = [
    *docs_urlpatterns("config.urls_public"),
]

urlpatterns = [
    path("v1/", include(v1_patterns)),
    *token_urlpatterns,
]
