"""Helpers shared by the structure's services: the schema, validation, resolving records by id."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tenants.utils import schema_context

from cms.models import KitPage
from training.models import (
    Beneficiary,
    Referent,
)


def in_structure(structure):
    """Work in the structure's schema."""
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


KIT_NOT_PUBLISHED = gettext_lazy("This kit is not published.")


def kit_errors(kit_id) -> dict:
    """An activity names a kit only if it is published (``KitPageQuerySet.published``)."""
    if kit_id and not KitPage.objects.published().filter(pk=kit_id).exists():
        return {"kit_id": [str(KIT_NOT_PUBLISHED)]}
    return {}
