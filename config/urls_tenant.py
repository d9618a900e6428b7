"""URLs of a relay structure's site (<slug>.BASE_DOMAIN, the structure's schema)."""

from django.urls import include, path

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("api.urls_tenant")),
    path("kits/", include("cms.urls_tenant")),
    path("", include("tenants.urls")),
    path("", include("training.urls")),
    path("", include("training.urls_practices")),
]

handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
