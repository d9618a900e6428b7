"""URLs of the network site (BASE_DOMAIN, public schema)."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from network.calendar import CombinedCalendarView
from tenants.views import login_door

urlpatterns = [
    # Django admin's login form would skip allauth's rate limits and second factor.
    path("django-admin/login/", login_door),
    path("django-admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("api.urls_public")),
    path("agenda/", CombinedCalendarView.as_view(), name="network_calendar"),
    path("", include("network.urls")),
    # Wagtail (admin, documents, pages) comes last: its page serving catches every other path.
    path("", include("cms.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
