from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    """The shared ground of the network's figures: national vocabularies, anonymous facts, rollups.

    Depends on Django only; every other app may read it.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "figures"
    verbose_name = _("Figures")
