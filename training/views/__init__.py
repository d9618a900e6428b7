from training.views.activities import (
    ActivityCreateView,
    ActivityDeleteView,
    ActivityDetailView,
    ActivityHistoryView,
    ActivityListView,
    ActivityUpdateView,
)
from training.views.coop import CoopImportView
from training.views.courses import (
    AssessmentView,
    CourseDetailView,
    CourseFormView,
    CourseListView,
    CourseSessionView,
    EnrolmentStatusView,
    EnrolView,
)
from training.views.data import ExportsView, ExportView, ImportTemplateView, ImportView
from training.views.home import DashboardView, HomeView
from training.views.people import (
    PeopleListView,
    PeopleSearchView,
    PersonCreateView,
    PersonDataView,
    PersonDetailView,
    PersonEraseView,
    PersonMergeView,
    PersonUpdateView,
)
from training.views.referents import ReferentDetailView, ReferentFormView, ReferentListView

__all__ = [
    "ActivityCreateView", "ActivityDeleteView", "ActivityDetailView", "ActivityHistoryView", "ActivityListView",
    "ActivityUpdateView", "AssessmentView", "CourseDetailView", "CourseFormView", "CourseListView",
    "CoopImportView", "CourseSessionView", "DashboardView", "EnrolView", "EnrolmentStatusView", "ExportView",
    "ExportsView",
    "HomeView", "ImportTemplateView", "ImportView", "PeopleListView", "PeopleSearchView", "PersonCreateView",
    "PersonDataView", "PersonDetailView", "PersonEraseView", "PersonMergeView", "PersonUpdateView",
    "ReferentDetailView", "ReferentFormView", "ReferentListView",
]  # fmt: skip
