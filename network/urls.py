from django.urls import path

from network import views

app_name = "network"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("structures/", views.DirectoryView.as_view(), name="directory"),
    path("appels/", views.CallListView.as_view(), name="call_list"),
    path("reseau/", views.DashboardView.as_view(), name="dashboard"),
]
