from django.urls import path

from training import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    # Referents
    path("referents/", views.ReferentListView.as_view(), name="referent_list"),
    path("referents/new/", views.ReferentFormView.as_view(), name="referent_create"),
    path("referents/<int:pk>/", views.ReferentDetailView.as_view(), name="referent_detail"),
    path("referents/<int:pk>/edit/", views.ReferentFormView.as_view(), name="referent_update"),
    # People accompanied (by their pseudonymous code)
    path("people/", views.PeopleListView.as_view(), name="people_list"),
    path("people/search/", views.PeopleSearchView.as_view(), name="people_search"),
    path("people/new/", views.PersonCreateView.as_view(), name="person_create"),
    path("people/<str:code>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("people/<str:code>/edit/", views.PersonUpdateView.as_view(), name="person_update"),
    path("people/<str:code>/merge/", views.PersonMergeView.as_view(), name="person_merge"),
    path("people/<str:code>/data/", views.PersonDataView.as_view(), name="person_data"),
    path("people/<str:code>/erase/", views.PersonEraseView.as_view(), name="person_erase"),
    # Activities
    path("activities/", views.ActivityListView.as_view(), name="activity_list"),
    path("activities/new/", views.ActivityCreateView.as_view(), name="activity_create"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity_detail"),
    path("activities/<int:pk>/edit/", views.ActivityUpdateView.as_view(), name="activity_update"),
    path("activities/<int:pk>/delete/", views.ActivityDeleteView.as_view(), name="activity_delete"),
    path("activities/<int:pk>/history/", views.ActivityHistoryView.as_view(), name="activity_history"),
    # Courses
    path("courses/", views.CourseListView.as_view(), name="course_list"),
    path("courses/new/", views.CourseFormView.as_view(), name="course_create"),
    path("courses/<int:pk>/", views.CourseDetailView.as_view(), name="course_detail"),
    path("courses/<int:pk>/edit/", views.CourseFormView.as_view(), name="course_update"),
    path("courses/<int:pk>/enrol/", views.EnrolView.as_view(), name="course_enrol"),
    path(
        "courses/<int:pk>/enrolments/<int:enrolment>/status/",
        views.EnrolmentStatusView.as_view(),
        name="enrolment_status",
    ),
    path("courses/<int:pk>/sessions/new/", views.CourseSessionView.as_view(), name="course_session_create"),
    path("courses/<int:pk>/sessions/<int:session>/", views.CourseSessionView.as_view(), name="course_session_update"),
    path("courses/<int:pk>/assessment/<str:code>/", views.AssessmentView.as_view(), name="course_assessment"),
    # Exports and import
    path("data/exports/", views.ExportsView.as_view(), name="exports"),
    path("data/exports/<str:table>/", views.ExportView.as_view(), name="export"),
    path("data/import/", views.ImportView.as_view(), name="import"),
    path("data/import/coop/", views.CoopImportView.as_view(), name="coop_import"),
    path("data/import/template/<str:kind>/", views.ImportTemplateView.as_view(), name="import_template"),
]
