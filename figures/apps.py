from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    """The shared ground of the network's figures: national vocabularies, anonymous facts, rollups.

    Depends on Django only; every other app may read it.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "figures"
    verbose_name = _("Figures")

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import pre_delete

        from figures.rollups import structure_rollups_remove

        # A structure deleted (its facts and rollups go by cascade): its rollups leave the network's totals.
        pre_delete.connect(structure_rollups_remove, sender=settings.TENANT_MODEL, dispatch_uid="figures_totals")
