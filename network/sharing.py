"""Shared figures: who may create and revoke a link, what a link shows, its opening.

A coordinator manages the network's links and any structure's; a structure's manager, the
links of that structure. A link shows anonymous figures only (``network_figures``), for its
structure or its scope, and nothing else.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from network.figures import network_figures
from network.models import SharedFigures
from tenants.models import Structure

MAX_DAYS = 366


class LinkGone(Exception):
    """The link existed but was revoked or has expired (410)."""


def can_manage_link(user, *, structure=None, is_manager_of_structure=False) -> bool:
    """Who may create or revoke a link of ``structure`` (None: the network's)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_coordinator:
        return True
    return structure is not None and is_manager_of_structure


def _check(*, title: str, expires_on: datetime.date, filters: dict) -> None:
    today = timezone.localdate()
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Give the link a title (who it is for).")
    if expires_on is None or expires_on < today:
        errors["expires_on"] = _("The expiry date cannot be in the past.")
    elif expires_on > today + datetime.timedelta(days=MAX_DAYS):
        errors["expires_on"] = _("A link lasts at most a year.")
    start, end = filters.get("start"), filters.get("end")
    if start and end and end < start:
        errors["end"] = _("The end of the period must be after its start.")
    if errors:
        raise ValidationError(errors)


def shared_figures_create(*, user, title: str, expires_on, structure=None, filters=None,
                          is_manager_of_structure=False) -> SharedFigures:  # fmt: skip
    if not can_manage_link(user, structure=structure, is_manager_of_structure=is_manager_of_structure):
        raise PermissionDenied
    filters = dict(filters or {})
    _check(title=title, expires_on=expires_on, filters=filters)
    stored = {
        "start": filters["start"].isoformat() if filters.get("start") else None,
        "end": filters["end"].isoformat() if filters.get("end") else None,
        "kinds": list(filters.get("kinds") or []) or None,
        "structure_ids": None if structure else (list(filters.get("structure_ids") or []) or None),
    }
    return SharedFigures.objects.create(
        title=title.strip()[:200], structure=structure, filters=stored, created_by=user, expires_on=expires_on
    )


def shared_figures_revoke(*, user, link: SharedFigures, is_manager_of_structure=False) -> SharedFigures:
    if not can_manage_link(user, structure=link.structure, is_manager_of_structure=is_manager_of_structure):
        raise PermissionDenied
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at", "updated_at"])
    return link


def shared_figures_open(token: str) -> SharedFigures:
    """The link behind a token, counted as opened; 404 if unknown, ``LinkGone`` if revoked or expired."""
    link = SharedFigures.objects.select_related("structure").filter(token=token).first()
    if link is None:
        raise Http404
    if not link.is_active:
        raise LinkGone
    SharedFigures.objects.filter(pk=link.pk).update(last_opened_at=timezone.now(), open_count=F("open_count") + 1)
    return link


def link_scope(link: SharedFigures) -> dict:
    """The arguments of ``network_figures`` for a link."""
    filters = link.filters or {}

    def day(value):
        return datetime.date.fromisoformat(value) if value else None

    if link.structure_id:
        structure_ids = [link.structure_id]
    elif filters.get("structure_ids"):
        structure_ids = list(
            Structure.objects.relays().filter(pk__in=filters["structure_ids"]).values_list("pk", flat=True)
        )
    else:
        structure_ids = None
    return {"structure_ids": structure_ids, "start": day(filters.get("start")), "end": day(filters.get("end")),
            "kinds": filters.get("kinds") or None}  # fmt: skip


def link_figures(link: SharedFigures) -> dict:
    return network_figures(**link_scope(link))
