"""Vocabularies of the kits (level, equipment and theme are in ``figures.enums``).

Level, equipment and theme codes are those of the national activity reports
(``shared/domain/REFERENCE.md``), so that an activity logged with a kit carries the
same codes as the kit; the licences are those of Les Bases du numérique d'intérêt général.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Audience", "Licence", "DurationRange", "KitSort"]


class Audience(models.TextChoices):
    """Target publics of a kit (the filter "public" of the kit index)."""

    ALL = "tout_public", _("All publics")
    SENIORS = "seniors", _("Seniors")
    JOB_SEEKERS = "demandeurs_emploi", _("Job seekers")
    YOUNG = "jeunes", _("Young people")
    PARENTS = "parents", _("Parents")
    DISABILITY = "situation_de_handicap", _("People with disabilities")
    NON_FRENCH_SPEAKERS = "allophones", _("Non-French speakers")
    PROFESSIONALS = "professionnels", _("Social workers and helpers")


class Licence(models.TextChoices):
    ETALAB = "etalab-2.0", _("Etalab Open Licence 2.0")
    CC_BY_SA = "cc-by-sa-4.0", _("CC BY-SA 4.0")
    CC_BY_NC_SA = "cc-by-nc-sa-4.0", _("CC BY-NC-SA 4.0")
    NONE = "none", _("No licence (all rights reserved)")


class KitSort(models.TextChoices):
    TITLE = "title", _("Title")
    USE = "use", _("Most used")
    RATING = "rating", _("Best rated")
    RECENT = "recent", _("Most recent")


class DurationRange(models.TextChoices):
    """Duration filter of the kit index, in minutes (bounds included)."""

    SHORT = "court", _("1 hour or less")
    MEDIUM = "moyen", _("1 to 2 hours")
    LONG = "long", _("More than 2 hours")

    @property
    def bounds(self) -> tuple[int, int | None]:
        return {"court": (0, 60), "moyen": (61, 120), "long": (121, None)}[self.value]
