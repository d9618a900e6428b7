from django.http import Http404

from tenants.access import NetworkRoleRequiredMixin
from tenants.exports import table_response


class CoordinatorRequiredMixin(NetworkRoleRequiredMixin):
    network_roles = ("coordinator",)


class NetworkStaffRequiredMixin(NetworkRoleRequiredMixin):
    network_roles = ("coordinator", "trainer")


class TableExportMixin:
    """``?table=<name>&format=csv|xlsx`` downloads one of the page's tables.

    Subclasses return ``{name: (headers, rows)}`` from ``get_tables``; rows may be lazy.
    """

    export_filename = "export"

    def get_tables(self) -> dict:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        file_format = request.GET.get("format")
        if file_format in ("csv", "xlsx"):
            tables = self.get_tables()
            name = request.GET.get("table") or next(iter(tables))
            if name not in tables:
                raise Http404
            headers, rows = tables[name]
            return table_response(
                filename=f"{self.export_filename}-{name}", headers=headers, rows=rows, file_format=file_format
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("format", None)
        query.pop("table", None)
        return {**super().get_context_data(**kwargs), "export_query": query.urlencode()}
