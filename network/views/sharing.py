"""Shared figures: the public page behind a link, and the pages that create and revoke links
(the network's, for coordinators; a structure's, for its managers, on the structure's host)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from figures.compute import DEFINITIONS
from figures.reference import area_rows
from network import sharing
from network.forms_sharing import SharedFiguresForm
from network.models import SharedFigures
from network.views.base import CoordinatorRequiredMixin
from network.views.dashboard import DashboardView
from tenants.access import ManagerRequiredMixin, is_network_host


def share_url(request, link) -> str:
    """The link's address on the network's host (a structure's host would ask visitors to log in)."""
    port = request.get_port()
    port = "" if port in ("80", "443") else f":{port}"
    return f"{request.scheme}://{settings.BASE_DOMAIN}{port}" + reverse(
        "network:shared_figures", args=[link.token], urlconf="config.urls_public"
    )


class SharedFiguresView(TemplateView):
    """Anyone with the link: its anonymous figures, nothing else (no menu of the workspace, no export)."""

    template_name = "network/shared_figures.html"
    summary = DashboardView.summary
    chart_tables = DashboardView.chart_tables
    practices = DashboardView.practices

    def get(self, request, token):
        if not is_network_host(request):
            raise Http404
        try:
            link = sharing.shared_figures_open(token)
        except sharing.LinkGone:
            response = self.response_class(request, "network/shared_gone.html", status=410)
            return self._private(response)
        figures = sharing.link_figures(link)
        context = {
            "link": link,
            "scope": sharing.link_scope(link),
            "summary": self.summary(figures),
            "charts": self.chart_tables(figures),
            "practices": self.practices(figures),
            "assessment_rows": area_rows(figures.assessments),
            "definitions": DEFINITIONS,
        }
        return self._private(self.render_to_response(context))

    @staticmethod
    def _private(response):
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        response["Cache-Control"] = "private, no-store"
        return response


class _SharesView(TemplateView):
    template_name = "network/shares.html"
    for_structure = False

    def structure(self):
        return None

    def links(self):
        raise NotImplementedError

    def is_manager(self) -> bool:
        return False

    def get_context_data(self, **kwargs):
        form = kwargs.get("form") or SharedFiguresForm(
            initial=self.request.GET.dict(), for_structure=self.for_structure
        )
        links = [(link, share_url(self.request, link)) for link in self.links()]
        return {**super().get_context_data(**kwargs), "form": form, "links": links,
                "for_structure": self.for_structure}  # fmt: skip

    def post(self, request, *args, **kwargs):
        if revoke := request.POST.get("revoke"):
            link = get_object_or_404(self.links(), pk=revoke if revoke.isdigit() else 0)
            sharing.shared_figures_revoke(user=request.user, link=link, is_manager_of_structure=self.is_manager())
            messages.success(request, _("The link is revoked: it no longer opens."))
            return redirect(request.path)
        form = SharedFiguresForm(request.POST, for_structure=self.for_structure)
        if form.is_valid():
            try:
                link = sharing.shared_figures_create(
                    user=request.user, title=form.cleaned_data["title"], expires_on=form.cleaned_data["expires_on"],
                    structure=self.structure(), filters=form.filters(), is_manager_of_structure=self.is_manager(),
                )  # fmt: skip
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Link created: %(url)s") % {"url": share_url(request, link)})
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class NetworkSharesView(CoordinatorRequiredMixin, _SharesView):
    def links(self):
        return SharedFigures.objects.select_related("structure")


class StructureSharesView(ManagerRequiredMixin, _SharesView):
    for_structure = True

    def structure(self):
        return self.request.tenant

    def is_manager(self) -> bool:
        return True  # ManagerRequiredMixin checked it

    def links(self):
        return SharedFigures.objects.of_structure(self.request.tenant)
