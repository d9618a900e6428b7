"""A programme's anonymous FSE summary table (European Social Fund participant indicators)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from figures.fse import GROUPS, HEADERS
from network.models import Programme
from network.selectors import programme_fse
from network.views.base import CoordinatorRequiredMixin, TableExportMixin


class ProgrammeFseView(CoordinatorRequiredMixin, TableExportMixin, TemplateView):
    """The FSE participants at entry and at exit of a programme's structures over its period, from the
    anonymous facts, with CSV and XLSX exports."""

    template_name = "network/programme_fse.html"
    export_filename = "fse"

    def dispatch(self, request, *args, **kwargs):
        self.programme = get_object_or_404(Programme, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def table(self) -> dict:
        if not hasattr(self, "_table"):
            self._table = programme_fse(self.programme)
        return self._table

    def get_tables(self):
        headers = [_("Moment"), _("Group"), *(HEADERS[c] for c in ("code", "label", "women", "men", "unknown",
                                                                     "total"))]  # fmt: skip
        rows = [
            (moment, GROUPS[r["group"]], r["code"], r["label"], r["women"], r["men"], r["unknown"], r["total"])
            for moment, key in ((_("At entry"), "entry"), (_("At exit"), "exit"))
            for r in self.table()[key]
        ]
        return {"fse": (headers, rows)}

    def get_context_data(self, **kwargs):
        table = self.table()
        sections = []
        for title, key in ((_("At entry"), "entry"), (_("At exit"), "exit")):
            groups = []
            for row in table[key]:
                if not groups or groups[-1]["group"] != row["group"]:
                    groups.append({"group": row["group"], "title": GROUPS[row["group"]], "rows": []})
                groups[-1]["rows"].append(row)
            sections.append({"title": title, "key": key, "groups": groups})
        return {
            **super().get_context_data(**kwargs),
            "programme": self.programme,
            "sections": sections,
            "headers": HEADERS,
        }
