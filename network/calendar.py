"""The network's combined calendar: the published upcoming workshops of every structure."""

from django.utils import timezone
from django.views.generic import ListView

from figures.enums import Theme
from figures.models import PublishedWorkshop
from tenants.models import Structure


class CombinedCalendarView(ListView):
    template_name = "network/calendar.html"
    context_object_name = "workshops"
    paginate_by = 50

    def get_queryset(self):
        qs = PublishedWorkshop.objects.filter(
            date__gte=timezone.localdate(), structure__in=Structure.objects.active()
        ).select_related("structure")
        commune = self.request.GET.get("commune", "").strip()
        theme = self.request.GET.get("theme", "").strip()
        if commune:
            qs = qs.filter(structure__commune__iexact=commune)
        if theme in Theme.values:
            qs = qs.filter(themes__contains=[theme])
        return qs.order_by("date", "start_time")

    def get_context_data(self, **kwargs):
        communes = Structure.objects.active().exclude(commune="").order_by("commune").values_list("commune", flat=True)
        return {
            **super().get_context_data(**kwargs),
            "communes": sorted(set(communes)),
            "themes": Theme.choices,
            "commune": self.request.GET.get("commune", ""),
            "theme": self.request.GET.get("theme", ""),
        }
