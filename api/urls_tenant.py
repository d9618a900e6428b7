"""``/api/`` on a structure's host: the token page and ``/api/v1/``, acting on that structure only."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from api.structure import practices, views
from api.urls_common import docs_urlpatterns, token_urlpatterns

router = SimpleRouter()
router.register("referents", views.ReferentViewSet, basename="referent")
router.register("people", views.PersonViewSet, basename="person")
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("courses", views.CourseViewSet, basename="course")
router.register(r"courses/(?P<course_pk>[0-9]+)/enrolments", views.EnrolmentViewSet, basename="enrolment")
router.register(r"courses/(?P<course_pk>[0-9]+)/sessions", views.SessionViewSet, basename="course-session")
router.register(r"activities/(?P<activity_pk>[0-9]+)/history", views.ActivityHistoryViewSet,
                basename="activity-history")  # fmt: skip
router.register(r"referents/(?P<referent_pk>[0-9]+)/trainings", views.ReferentTrainingViewSet,
                basename="referent-training")  # fmt: skip
router.register("assessments", views.AssessmentViewSet, basename="assessment")
router.register("equipment", practices.EquipmentViewSet, basename="equipment")
router.register("desk-visits", practices.DeskVisitViewSet, basename="desk-visit")
router.register("workshops", practices.WorkshopViewSet, basename="workshop")
router.register("mentorships", practices.MentorshipViewSet, basename="mentorship")

v1_patterns = [
    *router.urls,
    path("stats/", views.StatsView.as_view(), name="structure-stats"),
    path("exports/<str:table>/", views.ExportView.as_view(), name="structure-export"),
    *docs_urlpatterns("config.urls_tenant"),
]

urlpatterns = [
    path("v1/", include(v1_patterns)),
    *token_urlpatterns,
]
