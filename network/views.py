from django.views.generic import ListView, TemplateView

from tenants.access import NetworkRoleRequiredMixin
from tenants.models import Structure


class HomeView(TemplateView):
    template_name = "network/home.html"


class DirectoryView(ListView):
    """The public directory of relay structures."""

    template_name = "network/directory.html"
    context_object_name = "structures"

    def get_queryset(self):
        return Structure.objects.active().order_by("name")


class CallListView(TemplateView):
    template_name = "network/call_list.html"


class DashboardView(NetworkRoleRequiredMixin, TemplateView):
    network_roles = ("coordinator", "trainer")
    template_name = "network/dashboard.html"
