"""``people/``: the people accompanied (merge, erasure)."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from api.common import call_service
from api.structure import filters, serializers
from api.structure.permissions import IsStructureManager, IsStructureMember
from api.structure.views.base import StructureViewSet, io_schema
from training import exports
from training.models import (
    Beneficiary,
)
from training.services.people import beneficiary_create, beneficiary_erase, beneficiary_merge, beneficiary_update


@extend_schema_view(
    create=io_schema(serializers.PersonInput, {201: serializers.PersonOutput}),
    partial_update=io_schema(serializers.PersonInput, serializers.PersonOutput),
    destroy=extend_schema(
        description=_("Erase what identifies the person (managers); their attendances stay, anonymous.")
    ),
    data=extend_schema(
        responses=OpenApiTypes.OBJECT,
        description=_(
            "Everything the structure keeps about the person (right of access): the record, attendances, "
            "enrolments, assessments, workshop registrations, equipment, desk visits and mentorships."
        ),
    ),
    merge=io_schema(
        serializers.PersonMergeInput,
        serializers.PersonOutput,
        description=_("Merge a duplicate record into this one (managers)."),
    ),
)
class PersonViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    mixins.DestroyModelMixin, StructureViewSet,
):  # fmt: skip
    """People accompanied, pseudonymous: a code, optional initials, gender, birth year, status."""

    queryset = Beneficiary.objects.current()
    input_serializer_class = serializers.PersonInput
    output_serializer_class = serializers.PersonOutput
    filterset_class = filters.PersonFilter
    ordering_fields = ["code", "created_at", "updated_at", "birth_year", "id"]
    ordering = ["id"]  # stable while people are added (codes are random)
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_permissions(self):
        if self.action in ("destroy", "merge"):
            return [IsStructureMember(), IsStructureManager()]
        return super().get_permissions()

    def create(self, request, *args, **kwargs):
        data = self.valid_input()
        person = call_service(beneficiary_create, structure=request.tenant, user=request.user, **data)
        return self.output(person, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        person = self.get_object()
        data = self.valid_input(partial=True)
        return self.output(
            call_service(beneficiary_update, structure=request.tenant, beneficiary=person, user=request.user, **data)
        )

    def destroy(self, request, *args, **kwargs):
        beneficiary_erase(structure=request.tenant, beneficiary=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def data(self, request, pk=None):
        person = self.get_object()
        return Response(exports.person_data_export(structure=request.tenant, user=request.user, beneficiary=person))

    @action(detail=True, methods=["post"], filter_backends=[])
    def merge(self, request, pk=None):
        keep = self.get_object()
        data = self.valid_input(serializers.PersonMergeInput)
        duplicate = Beneficiary.objects.current().filter(pk=data["duplicate"]).first()
        if duplicate is None:
            raise ValidationError({"duplicate": _("A person selected is not in this structure's registry.")})
        keep = call_service(
            beneficiary_merge, {"__all__": "duplicate"}, structure=request.tenant, user=request.user,
            keep=keep, duplicate=duplicate,
        )  # fmt: skip
        return self.output(keep)
