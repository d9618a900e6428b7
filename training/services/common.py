"""Helpers shared by the structure's services: the schema, validation, resolving records by id."""

from collections.abc import Iterable
from contextlib import nullcontext

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from training.models import (
    Beneficiary,
    Referent,
)


def in_structure(structure):
    """Work in the structure's schema (already there on its own host: no switch, no `SET search_path`)."""
    if connection.schema_name == structure.schema_name:
        return nullcontext()
    return schema_context(structure.schema_name)


def full_clean(instance, exclude=None) -> None:
    instance.full_clean(exclude=exclude, validate_unique=False)


def resolve_beneficiaries(beneficiaries: Iterable) -> list[Beneficiary]:
    ids = {b.pk if isinstance(b, Beneficiary) else int(b) for b in beneficiaries}
    found = list(Beneficiary.objects.current().filter(pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError({"beneficiaries": _("A person selected is not in this structure's registry.")})
    return found


def resolve_referents(referents: Iterable) -> list[Referent]:
    ids = {r.pk if isinstance(r, Referent) else int(r) for r in referents}
    found = list(Referent.objects.filter(pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError({"referents": _("A referent selected does not belong to this structure.")})
    return found
