from django.urls import path

from network import views
from network.views.fse import ProgrammeFseView
from network.views.funding import FundingUpdateView, RecordedIndicatorsView, RecordedIndicatorUpdateView
from network.views.places import PlacesImportView
from network.views.sharing import NetworkSharesView, SharedFiguresView

app_name = "network"

urlpatterns = [
    # Public pages.
    path("structures/", views.DirectoryView.as_view(), name="directory"),
    path("structures/lieux.csv", views.DirectoryOpenDataView.as_view(), name="directory_opendata"),
    path("structures/<slug:slug>/", views.StructurePublicView.as_view(), name="structure_public"),
    path("appels/", views.CallListView.as_view(), name="call_list"),
    path("partage/<str:token>/", SharedFiguresView.as_view(), name="shared_figures"),
    path("appels/<int:pk>/", views.ApplyView.as_view(), name="apply"),
    path("appels/<int:pk>/merci/", views.ApplyThanksView.as_view(), name="apply_thanks"),
    # Coordination.
    path("reseau/", views.DashboardView.as_view(), name="dashboard"),
    path("reseau/partages/", NetworkSharesView.as_view(), name="shares"),
    path("reseau/lieux/import/", PlacesImportView.as_view(), name="places_import"),
    path("reseau/programmes/", views.ProgrammeListView.as_view(), name="programme_list"),
    path("reseau/programmes/nouveau/", views.ProgrammeCreateView.as_view(), name="programme_create"),
    path("reseau/programmes/<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme_detail"),
    path("reseau/programmes/<int:pk>/modifier/", views.ProgrammeUpdateView.as_view(), name="programme_update"),
    path("reseau/programmes/<int:pk>/appels/nouveau/", views.CallCreateView.as_view(), name="call_create"),
    path("reseau/programmes/<int:pk>/objectifs/", views.TargetsView.as_view(), name="targets"),
    path("reseau/programmes/<int:pk>/bilan/", views.FunderReportView.as_view(), name="report"),
    path("reseau/programmes/<int:pk>/fse/", ProgrammeFseView.as_view(), name="programme_fse"),
    path("reseau/programmes/<int:pk>/financements/<int:item>/", FundingUpdateView.as_view(), name="funding_update"),
    path("reseau/programmes/<int:pk>/indicateurs/", RecordedIndicatorsView.as_view(), name="recorded_indicators"),
    path(
        "reseau/programmes/<int:pk>/indicateurs/<int:item>/",
        RecordedIndicatorUpdateView.as_view(),
        name="recorded_indicator_update",
    ),
    path("reseau/appels/<int:pk>/", views.CallReviewView.as_view(), name="call_review"),
    path("reseau/candidatures/<int:pk>/", views.ApplicationDetailView.as_view(), name="application_detail"),
    path("reseau/accompagnement/", views.BoardView.as_view(), name="board"),
    path("reseau/accompagnement/jalons/", views.MilestoneTemplateView.as_view(), name="milestone_template"),
    path("reseau/accompagnement/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("reseau/formations/", views.TrainingListView.as_view(), name="training_list"),
    path(
        "reseau/formations/sessions/nouvelle/",
        views.TrainingSessionCreateView.as_view(),
        name="training_session_create",
    ),
    path("reseau/formations/sessions/<int:pk>/", views.TrainingSessionView.as_view(), name="training_session"),
]
