"""La Coop's activity export: upload, preview of what will be created, then import (all or nothing)."""

import base64
import secrets

from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from training.forms_coop import CoopImportForm
from training.imports.coop import COLUMN_HELP, COLUMNS, coop_import, coop_plan
from training.imports.files import ImportRejected
from training.views.base import ManagerMixin

SESSION_KEY = "coop_import"
PREVIEW_ROWS = 50


class CoopImportView(ManagerMixin, TemplateView):
    """First post: the file is checked and kept in the session, the page shows what will be created.
    Second post (``confirm`` with the preview's token): the same file is checked again and written."""

    template_name = "training/coop_import.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "form": kwargs.get("form") or CoopImportForm(),
            "columns": [header for _key, header, _required in COLUMNS],
            "required": [header for _key, header, required in COLUMNS if required],
            "column_help": COLUMN_HELP,
            "preview_rows": PREVIEW_ROWS,
        }

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST:
            return self._confirm(request)
        form = CoopImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        uploaded = form.cleaned_data["file"]
        try:
            plan = coop_plan(structure=request.tenant, uploaded=uploaded)
        except ImportRejected as rejected:
            return self.render_to_response(self.get_context_data(form=form, import_errors=rejected.errors), status=400)
        uploaded.seek(0)
        token = secrets.token_urlsafe(16)
        request.session[SESSION_KEY] = {
            "token": token,
            "name": (uploaded.name or "")[:100],
            "data": base64.b64encode(uploaded.read()).decode(),
        }
        return self.render_to_response(self.get_context_data(form=form, plan=plan, token=token))

    def _confirm(self, request):
        stored = request.session.get(SESSION_KEY)
        if not stored or stored.get("token") != request.POST.get("token"):
            messages.error(request, _("This preview has expired: send the file again."))
            return redirect("coop_import")
        uploaded = SimpleUploadedFile(stored["name"] or "coop.xlsx", base64.b64decode(stored["data"]))
        try:
            plan = coop_plan(structure=request.tenant, uploaded=uploaded)
            created = coop_import(structure=request.tenant, user=request.user, plan=plan, source=stored["name"])
        except ImportRejected as rejected:
            del request.session[SESSION_KEY]
            return self.render_to_response(self.get_context_data(import_errors=rejected.errors), status=400)
        del request.session[SESSION_KEY]
        messages.success(
            request,
            _("%(n)s activities imported from La Coop, %(people)s records created, %(skipped)s rows already imported.")
            % {"n": created, "people": len(plan.new_people), "skipped": len(plan.skipped)},
        )
        return redirect("activity_list")
