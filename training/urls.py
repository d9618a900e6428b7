from django.urls import path

from training import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
]
