"""Import of a LaMednum places file into the directory: upload, preview, then import (coordinators)."""

import base64
import secrets

from django import forms
from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from network.opendata_import import PlacesRejected, lamednum_import, lamednum_plan
from network.views.base import CoordinatorRequiredMixin

SESSION_KEY = "lamednum_import"


class PlacesImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("LaMednum places file (CSV)"))


class PlacesImportView(CoordinatorRequiredMixin, TemplateView):
    template_name = "network/places_import.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "form": kwargs.get("form") or PlacesImportForm()}

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST:
            stored = request.session.get(SESSION_KEY)
            if not stored or stored.get("token") != request.POST.get("token"):
                messages.error(request, _("This preview has expired: send the file again."))
                return redirect("network:places_import")
            del request.session[SESSION_KEY]
            try:
                plan = lamednum_plan(uploaded=SimpleUploadedFile("lieux.csv", base64.b64decode(stored["data"])))
                updated = lamednum_import(plan=plan)
            except PlacesRejected as rejected:
                return self.render_to_response(self.get_context_data(import_errors=rejected.errors), status=400)
            messages.success(request, _("%(n)s structures updated from the places file.") % {"n": updated})
            return redirect("network:directory")
        form = PlacesImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            plan = lamednum_plan(uploaded=form.cleaned_data["file"])
        except PlacesRejected as rejected:
            return self.render_to_response(self.get_context_data(form=form, import_errors=rejected.errors), status=400)
        form.cleaned_data["file"].seek(0)
        token = secrets.token_urlsafe(16)
        request.session[SESSION_KEY] = {
            "token": token,
            "data": base64.b64encode(form.cleaned_data["file"].read()).decode(),
        }
        return self.render_to_response(self.get_context_data(form=form, plan=plan, token=token))
