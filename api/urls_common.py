from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.permissions import AllowAny

from api.tokens import views as token_views


def docs_urlpatterns(urlconf: str) -> list:
    """The schema of the host's own endpoints (each kind of host has its URLconf) and its docs."""
    return [
        path(
            "schema/",
            SpectacularAPIView.as_view(urlconf=urlconf, permission_classes=[AllowAny]),
            name="api-schema",
        ),
        path(
            "docs/",
            SpectacularSwaggerView.as_view(url_name="api-schema", permission_classes=[AllowAny]),
            name="api-docs",
        ),
        path(
            "redoc/",
            SpectacularRedocView.as_view(url_name="api-schema", permission_classes=[AllowAny]),
            name="api-redoc",
        ),
    ]


token_urlpatterns = [
    path("tokens/", token_views.TokenListView.as_view(), name="api_tokens"),
    path("tokens/<int:pk>/revoke/", token_views.TokenRevokeView.as_view(), name="api_token_revoke"),
]
