from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from tenants.exports import requested_format, table_response
from training import exports, vocabulary
from training.forms import ImportForm
from training.imports.activities import import_activities
from training.imports.columns import ACTIVITY_COLUMNS, COLUMNS, PEOPLE_COLUMNS, template_rows
from training.imports.files import MAX_ROWS, ImportRejected
from training.imports.people import import_people
from training.views.base import ManagerMixin


class ExportsView(ManagerMixin, TemplateView):
    template_name = "training/exports.html"

    def get_context_data(self, **kwargs):
        tables = [
            ("activities", _("Activities")),
            ("courses", _("Courses")),
            ("attendance", _("Attendance")),
            ("people", _("People (pseudonymous: codes only)")),
        ]
        return {**super().get_context_data(**kwargs), "tables": tables}


class ExportView(ManagerMixin, View):
    def get(self, request, table):
        if table not in exports.TABLES:
            raise Http404
        return exports.export_response(
            structure=request.tenant, user=request.user, table=table, file_format=requested_format(request)
        )


class ImportView(ManagerMixin, TemplateView):
    """All or nothing: a file with one wrong cell imports nothing and lists every error."""

    template_name = "training/import.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "form": kwargs.get("form") or ImportForm(initial={"kind": "activities"}),
            "activity_columns": ACTIVITY_COLUMNS,
            "people_columns": PEOPLE_COLUMNS,
            "accepted_values": vocabulary.accepted_values(),
            "max_rows": MAX_ROWS,
        }

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES)
        errors = []
        if form.is_valid():
            try:
                if form.cleaned_data["kind"] == "people":
                    result = import_people(
                        structure=request.tenant, user=request.user, uploaded=form.cleaned_data["file"]
                    )
                    messages.success(request, _("%(n)s people imported.") % {"n": result.created})
                    return redirect("people_list")
                result = import_activities(
                    structure=request.tenant, user=request.user, uploaded=form.cleaned_data["file"]
                )
                messages.success(request, _("%(n)s activities imported.") % {"n": result.created})
                return redirect("activity_list")
            except ImportRejected as rejected:
                errors = rejected.errors
        return self.render_to_response(self.get_context_data(form=form, import_errors=errors), status=400)


class ImportTemplateView(ManagerMixin, View):
    def get(self, request, kind):
        if kind not in COLUMNS:
            raise Http404
        headers, rows = template_rows(kind)
        name = "modele-activites" if kind == "activities" else "modele-personnes"
        return table_response(filename=name, headers=headers, rows=rows, file_format=requested_format(request))
