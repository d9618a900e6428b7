"""Helpers shared by the structure's services: the schema, validation, resolving records by id."""

import datetime
from collections.abc import Iterable
from contextlib import nullcontext

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Value
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tenants.utils import schema_context

from cms.models import KitPage
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


def resolve_participants(beneficiaries: Iterable, referents: Iterable) -> tuple[list[int], list[int]]:
    """The ids of an activity's followed people and referents, all checked in one query."""
    people = sorted({b.pk if isinstance(b, Beneficiary) else int(b) for b in beneficiaries})
    staff = sorted({r.pk if isinstance(r, Referent) else int(r) for r in referents})
    if not people and not staff:
        return [], []
    found_people = Beneficiary.objects.current().filter(pk__in=people).order_by().values_list(Value("b"), "pk")
    found_staff = Referent.objects.filter(pk__in=staff).order_by().values_list(Value("r"), "pk")
    found = set(found_people.union(found_staff, all=True))
    if len([1 for kind, _pk in found if kind == "b"]) != len(people):
        raise ValidationError({"beneficiaries": _("A person selected is not in this structure's registry.")})
    if len([1 for kind, _pk in found if kind == "r"]) != len(staff):
        raise ValidationError({"referents": _("A referent selected does not belong to this structure.")})
    return people, staff


KIT_NOT_PUBLISHED = gettext_lazy("This kit is not published.")


def kit_errors(kit_id) -> dict:
    """An activity names a kit only if it is published (``KitPageQuerySet.published``)."""
    if kit_id and not KitPage.objects.published().filter(pk=kit_id).exists():
        return {"kit_id": [str(KIT_NOT_PUBLISHED)]}
    return {}


EARLIEST_DATE = datetime.date(2000, 1, 1)


def past_date_error(value: datetime.date | None) -> str | None:
    """What happened is dated: not in the future, not before the platform's era (None: the date is fine)."""
    if value is None:
        return None
    if value > timezone.localdate():
        return _("The date cannot be in the future.")
    if value < EARLIEST_DATE:
        return _("The date is too far in the past.")
    return None
