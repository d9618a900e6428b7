"""Vocabularies of the kits.

Level, equipment and theme codes are those of the national activity reports
(``shared/domain/REFERENCE.md``), so that an activity logged with a kit carries the
same codes as the kit; the licences are those of Les Bases du numérique d'intérêt général.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    BEGINNER = "debutant", _("Beginner")
    INTERMEDIATE = "intermediaire", _("Intermediate")
    ADVANCED = "avance", _("Advanced")


class Equipment(models.TextChoices):
    COMPUTER = "ordinateur", _("Computer")
    PHONE = "telephone", _("Phone")
    TABLET = "tablette", _("Tablet")
    OTHER = "autre", _("Other")
    NONE = "aucun", _("None")


class Theme(models.TextChoices):
    # Digital themes.
    DIAGNOSTIC = "diagnostic_numerique", _("Digital skills diagnosis")
    DEVICE_HANDLING = "prendre_en_main_du_materiel", _("Handling a device")
    DEVICE_MAINTENANCE = "maintenance_de_materiel", _("Device maintenance")
    CONTENT = "gere_ses_contenus_numeriques", _("Managing digital content")
    BROWSING = "navigation_sur_internet", _("Browsing the internet")
    EMAIL = "email", _("E-mail")
    OFFICE = "bureautique", _("Office software")
    SOCIAL_NETWORKS = "reseaux_sociaux", _("Social networks")
    HEALTH = "sante", _("Health")
    BANKING = "banque_et_achats_en_ligne", _("Online banking and shopping")
    ENTREPRENEURSHIP = "entrepreneuriat", _("Entrepreneurship")
    JOBS = "insertion_professionnelle", _("Employment")
    SECURITY = "securite_numerique", _("Digital security")
    PARENTING = "parentalite", _("Parenting")
    SCHOOLING = "scolarite_et_numerique", _("School and digital")
    CREATION = "creer_avec_le_numerique", _("Creating with digital tools")
    CULTURE = "culture_numerique", _("Digital culture")
    AI = "intelligence_artificielle", _("Artificial intelligence")
    ADMIN_HELP = "aide_aux_demarches_administratives", _("Help with online procedures")
    # Administrative themes.
    ADMIN_PAPERS = "papiers_elections_citoyennete", _("Papers, elections, citizenship")
    ADMIN_FAMILY = "famille_scolarite", _("Family, schooling")
    ADMIN_SOCIAL = "social_sante", _("Social benefits, health")
    ADMIN_WORK = "travail_formation", _("Work, training")
    ADMIN_HOUSING = "logement", _("Housing")
    ADMIN_TRANSPORT = "transports_mobilite", _("Transport, mobility")
    ADMIN_MONEY = "argent_impots", _("Money, taxes")
    ADMIN_JUSTICE = "justice", _("Justice")
    ADMIN_FOREIGNERS = "etrangers_europe", _("Foreigners, Europe")
    ADMIN_LEISURE = "loisirs_sports_culture", _("Leisure, sports, culture")
    ADMIN_ASSOCIATIONS = "associations", _("Associations")


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
