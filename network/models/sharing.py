"""Read-only links to figures, for funders and partners without an account."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    return secrets.token_urlsafe(24)


class SharedFiguresQuerySet(models.QuerySet):
    def of_structure(self, structure):
        return self.filter(structure=structure)

    def of_network(self):
        return self.filter(structure__isnull=True)


class SharedFigures(models.Model):
    """A link to a dashboard view with its filters: anonymous figures only, until it expires or is revoked.

    A structure's link (``structure`` set) shows that structure's figures; a network link the
    figures of its scope (``filters``: start, end, kinds, structure ids).
    """

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    title = models.CharField(_("title"), max_length=200)
    structure = models.ForeignKey(
        "tenants.Structure", on_delete=models.CASCADE, null=True, blank=True, related_name="shared_figures"
    )
    filters = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    expires_on = models.DateField(_("expires on"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_opened_at = models.DateTimeField(_("last opened"), null=True, blank=True)
    open_count = models.PositiveIntegerField(_("times opened"), default=0)

    objects = SharedFiguresQuerySet.as_manager()

    class Meta:
        verbose_name = _("shared figures link")
        verbose_name_plural = _("shared figures links")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_on >= timezone.localdate()
