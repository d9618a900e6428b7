from django.db import models
from django.utils.translation import gettext_lazy as _

from network.enums import Indicator
from tenants.models import Structure


class Target(models.Model):
    """A target of a programme, for one structure or (without structure) for the whole programme."""

    programme = models.ForeignKey("network.Programme", on_delete=models.CASCADE, related_name="targets")
    structure = models.ForeignKey(
        Structure, verbose_name=_("structure"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    indicator = models.CharField(_("indicator"), max_length=30, choices=Indicator.choices)
    value = models.PositiveIntegerField(_("target"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["structure__name", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "structure", "indicator"],
                name="target_unique",
                nulls_distinct=False,
                violation_error_message=_("This target already exists."),
            ),
            models.CheckConstraint(
                condition=models.Q(value__gt=0),
                name="target_value_positive",
                violation_error_message=_("A target must be positive."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()}: {self.value}"
