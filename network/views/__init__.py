from network.views.coaching import BoardView, MilestoneTemplateView, PlanDetailView
from network.views.dashboard import DashboardView
from network.views.programmes import (
    ApplicationDetailView,
    CallCreateView,
    CallReviewView,
    FunderReportView,
    ProgrammeCreateView,
    ProgrammeDetailView,
    ProgrammeListView,
    ProgrammeUpdateView,
    TargetsView,
)
from network.views.public import (
    ApplyThanksView,
    ApplyView,
    CallListView,
    DirectoryOpenDataView,
    DirectoryView,
    StructurePublicView,
)
from network.views.trainings import TrainingListView, TrainingSessionCreateView, TrainingSessionView

__all__ = [
    "ApplicationDetailView",
    "ApplyThanksView",
    "ApplyView",
    "BoardView",
    "CallCreateView",
    "CallListView",
    "CallReviewView",
    "DashboardView",
    "DirectoryOpenDataView",
    "DirectoryView",
    "StructurePublicView",
    "FunderReportView",
    "MilestoneTemplateView",
    "PlanDetailView",
    "ProgrammeCreateView",
    "ProgrammeDetailView",
    "ProgrammeListView",
    "ProgrammeUpdateView",
    "TargetsView",
    "TrainingListView",
    "TrainingSessionCreateView",
    "TrainingSessionView",
]
