"""Pages open to everyone on the network site: directory, calls and the application form."""

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from figures.enums import ActivityKind, Theme
from figures.models import ActivityFact, PublishedWorkshop
from network import services
from network.antispam import filled_too_fast, form_token, rate_limited
from network.forms import ApplicationForm
from network.models import Call
from network.opendata import LAMEDNUM_FIELDS, lamednum_rows
from tenants.models import Structure


class DirectoryView(ListView):
    """The public directory of relay structures."""

    template_name = "network/directory.html"
    context_object_name = "structures"

    def get_queryset(self):
        return Structure.objects.active().order_by("name")


class StructurePublicView(TemplateView):
    """One relay structure's public page: where, when, how to reach it, what it offers, its next workshops."""

    template_name = "network/structure_public.html"

    def get_context_data(self, **kwargs):
        structure = get_object_or_404(Structure.objects.active(), slug=kwargs["slug"])
        since = timezone.localdate().replace(day=1).replace(year=timezone.localdate().year - 1)
        facts = ActivityFact.objects.filter(structure=structure, date__gte=since)
        kinds = dict(ActivityKind.choices)
        offered = [kinds[k] for k in ActivityKind.values if facts.filter(kind=k).exists()]
        counts = {}
        for themes in facts.values_list("themes", flat=True):
            for theme in themes:
                counts[theme] = counts.get(theme, 0) + 1
        labels = dict(Theme.choices)
        themes = [labels.get(t, t) for t, _n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:8]]
        workshops = PublishedWorkshop.objects.filter(structure=structure, date__gte=timezone.localdate()).order_by(
            "date", "start_time"
        )[:10]
        return {
            **super().get_context_data(**kwargs),
            "structure": structure,
            "offered": offered,
            "themes": themes,
            "workshops": workshops,
        }


class DirectoryOpenDataView(View):
    """The directory in the national open-data places format (LaMednum), comma-separated UTF-8."""

    def get(self, request):
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=LAMEDNUM_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(lamednum_rows(Structure.objects.active().order_by("name")))
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="relais-numeriques-lieux-mediation.csv"'
        return response


class CallListView(ListView):
    template_name = "network/call_list.html"
    context_object_name = "calls"

    def get_queryset(self):
        return Call.objects.select_related("programme").order_by("-opens")


class ApplyView(View):
    """The public application form: no account, but a honeypot, a minimum fill time and a rate limit."""

    template_name = "network/apply.html"

    def render_form(self, call, form, status=200):
        return render(self.request, self.template_name, {"call": call, "form": form}, status=status)

    def get(self, request, pk):
        call = get_object_or_404(Call.objects.select_related("programme"), pk=pk)
        return self.render_form(call, ApplicationForm() if call.is_open() else None)

    def post(self, request, pk):
        call = get_object_or_404(Call.objects.select_related("programme"), pk=pk)
        if not call.is_open():
            return self.render_form(call, None, status=400)
        form = ApplicationForm(request.POST)
        if rate_limited(request, "apply"):
            form.is_valid()
            form.add_error(None, _("Too many applications were sent from your connection. Please try again later."))
            return self.render_form(call, form, status=429)
        if not form.is_valid():
            return self.render_form(call, form, status=400)
        if form.cleaned_data.get("website") or filled_too_fast(form.cleaned_data.get("started")):
            form.add_error(
                None, _("Your application could not be sent. Please check it, wait a few seconds and send it again.")
            )
            form.data = form.data.copy()
            form.data["started"] = form_token()
            return self.render_form(call, form, status=400)
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("website", "started")}
        try:
            services.application_submit(call=call, **data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
            return self.render_form(call, form, status=400)
        messages.success(request, _("Thank you: your application has been received."))
        return redirect("network:apply_thanks", pk=call.pk)


class ApplyThanksView(TemplateView):
    template_name = "network/apply_thanks.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "call": get_object_or_404(Call, pk=kwargs["pk"])}
