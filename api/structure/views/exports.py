"""``exports/<table>/``: the structure's tables as CSV or XLSX."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import renderers
from rest_framework.views import APIView

from api.structure.permissions import IsStructureManager, IsStructureMember
from training import exports


class PassthroughCSVRenderer(renderers.BaseRenderer):
    """Lets a client ask for ``text/csv``; the CSV itself is written by ``training.exports``."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return renderers.JSONRenderer().render(data) if not isinstance(data, (str, bytes)) else data


class ExportView(APIView):
    """The structure's tables as CSV (";"-separated, UTF-8), as on the exports page (managers).

    People are exported pseudonymously: codes, never initials.
    """

    permission_classes = [IsStructureMember, IsStructureManager]
    renderer_classes = [renderers.JSONRenderer, PassthroughCSVRenderer]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "table", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(exports.TABLES), description=_("Table.")
            )
        ],
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description=_("The table as CSV."))},
    )
    def get(self, request, table):
        if table not in exports.TABLES:
            raise Http404
        return exports.export_response(structure=request.tenant, user=request.user, table=table, file_format="csv")
