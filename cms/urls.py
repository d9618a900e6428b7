"""Wagtail on the network site: the kit editor, documents, and page serving (last)."""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from cms.access import require_network_editor
from tenants.views import login_door

urlpatterns = [
    # Wagtail's own login forms would skip allauth's rate limits and second factor.
    path("cms-admin/login/", login_door),
    path("_util/login/", login_door),
    path("cms-admin/", include(decorate_urlpatterns(list(wagtailadmin_urls.urlpatterns), require_network_editor))),
    path("documents/", include(wagtaildocs_urls)),
    path("", include(wagtail_urls)),
]
