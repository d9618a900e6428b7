"""``/api/`` on a structure's host: the token page and ``/api/v1/``, acting on that structure only."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from api.structure import practices
from api.structure.views import activities, courses, deleted, exports, people, records, referents, stats
from api.urls_common import docs_urlpatterns, token_urlpatterns

router = SimpleRouter()
router.register("referents", referents.ReferentViewSet, basename="referent")
router.register("people", people.PersonViewSet, basename="person")
router.register("activities", activities.ActivityViewSet, basename="activity")
router.register("courses", courses.CourseViewSet, basename="course")
router.register(r"courses/(?P<course_pk>[0-9]+)/enrolments", courses.EnrolmentViewSet, basename="enrolment")
router.register(r"courses/(?P<course_pk>[0-9]+)/sessions", courses.SessionViewSet, basename="course-session")
router.register(r"activities/(?P<activity_pk>[0-9]+)/history", records.ActivityHistoryViewSet,
                basename="activity-history")  # fmt: skip
router.register(r"referents/(?P<referent_pk>[0-9]+)/trainings", records.ReferentTrainingViewSet,
                basename="referent-training")  # fmt: skip
router.register("audit", records.AuditEventViewSet, basename="audit-event")
router.register("assessments", courses.AssessmentViewSet, basename="assessment")
router.register("equipment", practices.EquipmentViewSet, basename="equipment")
router.register("desk-visits", practices.DeskVisitViewSet, basename="desk-visit")
router.register("workshops", practices.WorkshopViewSet, basename="workshop")
router.register("mentorships", practices.MentorshipViewSet, basename="mentorship")
router.register("deleted", deleted.DeletedViewSet, basename="deleted")

v1_patterns = [
    *router.urls,
    path("stats/", stats.StatsView.as_view(), name="structure-stats"),
    path("exports/<str:table>/", exports.ExportView.as_view(), name="structure-export"),
    *docs_urlpatterns("config.urls_tenant"),
]

urlpatterns = [
    path("v1/", include(v1_patterns)),
    *token_urlpatterns,
]
