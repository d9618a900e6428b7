from api.urls_common import docs_urlpatterns

urlpatterns = [*docs_urlpatterns]
