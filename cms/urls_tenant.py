"""Kits as seen from a structure's site (read from the public schema)."""

from django.urls import path

from cms import views

app_name = "kits"
urlpatterns = [
    path("", views.KitListView.as_view(), name="list"),
    path("<int:pk>/", views.KitDetailView.as_view(), name="detail"),
    path("<int:pk>/imprimer/", views.KitPrintView.as_view(), name="print"),
    path("avis/<int:pk>/modifier/", views.KitFeedbackUpdateView.as_view(), name="feedback_update"),
]
