from django.urls import path

from training.views import practices

urlpatterns = [
    path("practices/", practices.PracticesSummaryView.as_view(), name="practices"),
    path("practices/export/<str:table>/", practices.PracticesExportView.as_view(), name="practices_export"),
    path("equipment/", practices.EquipmentView.as_view(), name="equipment"),
    path("equipment/<int:pk>/delete/", practices.EquipmentDeleteView.as_view(), name="equipment_delete"),
    path("desk/", practices.DeskView.as_view(), name="desk"),
    path("desk/<int:pk>/delete/", practices.DeskDeleteView.as_view(), name="desk_delete"),
    path("calendar/", practices.CalendarView.as_view(), name="calendar"),
    path("calendar/<int:pk>/", practices.WorkshopDetailView.as_view(), name="workshop_detail"),
    path("public/calendar/", practices.PublicCalendarView.as_view(), name="public_calendar"),
    path("mentors/", practices.MentorsView.as_view(), name="mentors"),
    path("awareness/", practices.AwarenessView.as_view(), name="awareness"),
]
