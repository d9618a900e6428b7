"""``stats/``: the structure's figures."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from api import stats
from api.structure.permissions import IsStructureMember


class StatsView(APIView):
    """The structure's figures, with the network's definitions (the same as its dashboard)."""

    permission_classes = [IsStructureMember]

    @extend_schema(parameters=stats.PERIOD_PARAMETERS, responses=stats.StatsComparedOutput)
    def get(self, request):
        period = stats.parse_period(request)
        return Response(stats.figures(structure_ids=[request.tenant.pk], period=period))
