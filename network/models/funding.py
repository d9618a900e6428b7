"""What funds a programme and the indicators it records by hand (figures that come from elsewhere)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from network.enums import FunderKind
from tenants.models import Structure


class Funding(models.Model):
    """A funder of a programme, with its amount and / or its share of the budget (percent)."""

    programme = models.ForeignKey("network.Programme", on_delete=models.CASCADE, related_name="fundings")
    funder = models.CharField(_("funder"), max_length=200)
    kind = models.CharField(_("kind of funder"), max_length=20, choices=FunderKind.choices, default=FunderKind.AUTRE)
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2, null=True, blank=True)
    share = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("funding")
        verbose_name_plural = _("fundings")
        ordering = ["programme", "id"]

    def __str__(self) -> str:
        return self.funder


class RecordedIndicator(models.Model):
    """A figure a programme records by hand because it comes from elsewhere (letters sent by a partner
    service, logins to an external platform), with its source; anonymous counts only."""

    programme = models.ForeignKey("network.Programme", on_delete=models.CASCADE, related_name="recorded_indicators")
    structure = models.ForeignKey(
        Structure, verbose_name=_("structure"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    label = models.CharField(_("indicator"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    date = models.DateField(_("as of"))
    source = models.CharField(_("source"), max_length=300)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("recorded indicator")
        verbose_name_plural = _("recorded indicators")
        ordering = ["programme", "date", "id"]

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"
