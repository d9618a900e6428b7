"""``referents/``: the structure's referents."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_view
from rest_framework import mixins, status
from rest_framework.exceptions import ValidationError

from api.common import call_service
from api.structure import filters, serializers
from api.structure.permissions import IsStructureMember, ManagerWrites
from api.structure.views.base import StructureViewSet, io_schema
from tenants.models import Membership
from training.models import (
    Referent,
)
from training.services.referents import referent_create, referent_update


@extend_schema_view(
    create=io_schema(serializers.ReferentInput, {201: serializers.ReferentOutput}),
    partial_update=io_schema(serializers.ReferentInput, serializers.ReferentOutput),
)
class ReferentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    StructureViewSet,
):  # fmt: skip
    """The structure's referents. Members read; managers add and change them."""

    permission_classes = [IsStructureMember, ManagerWrites]
    queryset = Referent.objects.all()
    input_serializer_class = serializers.ReferentInput
    output_serializer_class = serializers.ReferentOutput
    filterset_class = filters.ReferentFilter
    ordering_fields = ["last_name", "first_name", "created_at", "id"]
    ordering = ["last_name", "first_name", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def _user(self, data: dict):
        if "user" not in data or data["user"] is None:
            return data.pop("user", None)
        membership = (
            Membership.objects.filter(user_id=data.pop("user"), structure=self.request.tenant)
            .select_related("user")
            .first()
        )
        if membership is None:
            raise ValidationError({"user": _("This account is not a member of this structure.")})
        return membership.user

    def create(self, request, *args, **kwargs):
        data = self.valid_input()
        data["user"] = self._user(data)
        return self.output(call_service(referent_create, **data), status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        referent = self.get_object()
        data = self.valid_input(partial=True)
        if "user" in data:
            data["user"] = self._user(data)
        return self.output(call_service(referent_update, referent=referent, **data))
