"""``/api/`` on the network host: the token page and ``/api/v1/``, acting on the network."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from api.network import views
from api.urls_common import docs_urlpatterns, token_urlpatterns

router = SimpleRouter()
router.register("structures", views.StructureViewSet, basename="structure")
router.register("kits", views.KitViewSet, basename="kit")
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("trainings", views.TrainingViewSet, basename="training")
router.register(r"trainings/(?P<training_pk>[0-9]+)/registrations", views.RegistrationViewSet,
                basename="training-registration")  # fmt: skip
router.register("targets", views.TargetViewSet, basename="target")
router.register("fundings", views.FundingViewSet, basename="funding")
router.register("recorded-indicators", views.RecordedIndicatorViewSet, basename="recorded-indicator")
router.register("calls", views.CallViewSet, basename="call")
router.register("applications", views.ApplicationViewSet, basename="application")
router.register("milestones", views.MilestoneViewSet, basename="milestone")
router.register("meetings", views.MeetingViewSet, basename="meeting")

v1_patterns = [
    *router.urls,
    path("stats/", views.StatsView.as_view(), name="network-stats"),
    *docs_urlpatterns("config.urls_public"),
]

urlpatterns = [
    path("v1/", include(v1_patterns)),
    *token_urlpatterns,
]
