"""The national vocabularies (La Coop de la médiation numérique, ANCT), shared by every app.

The stored codes are those of ``shared/domain/REFERENCE.md``, so that a structure can move
its data between tools without a translation table; the kits (``cms``) and the network's
figures use the same codes as the session logs.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    WORKSHOP = "workshop", _("Thematic workshop")
    DROPIN = "dropin", _("Individual drop-in")
    COURSE_SESSION = "course_session", _("Course session")
    AWARENESS = "awareness", _("Awareness meeting")


class Level(models.TextChoices):
    BEGINNER = "debutant", _("Beginner")
    INTERMEDIATE = "intermediaire", _("Intermediate")
    ADVANCED = "avance", _("Advanced")


class PlaceType(models.TextChoices):
    SITE = "lieu_activite", _("At the structure")
    HOME = "domicile", _("At the person's home")
    REMOTE = "a_distance", _("Remote")
    OTHER = "autre", _("Elsewhere")


class Equipment(models.TextChoices):
    COMPUTER = "ordinateur", _("Computer")
    PHONE = "telephone", _("Phone")
    TABLET = "tablette", _("Tablet")
    OTHER = "autre", _("Other")
    NONE = "aucun", _("None")


class Theme(models.TextChoices):
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


class Gender(models.TextChoices):
    MALE = "masculin", _("Man")
    FEMALE = "feminin", _("Woman")
    UNKNOWN = "non_communique", _("Not given")


class AgeBand(models.TextChoices):
    UNDER_12 = "moins_de_douze", _("Under 12")
    FROM_12 = "douze_dix_huit", _("12–17")
    FROM_18 = "dix_huit_vingt_quatre", _("18–24")
    FROM_25 = "vingt_cinq_trente_neuf", _("25–39")
    FROM_40 = "quarante_cinquante_neuf", _("40–59")
    FROM_60 = "soixante_soixante_neuf", _("60–69")
    FROM_70 = "soixante_dix_plus", _("70 and over")
    UNKNOWN = "non_communique", _("Not given")


class SocialStatus(models.TextChoices):
    STUDENT = "scolarise", _("In education")
    JOBLESS = "sans_emploi", _("Without a job")
    EMPLOYED = "en_emploi", _("Employed")
    RETIRED = "retraite", _("Retired")
    UNKNOWN = "non_communique", _("Not given")


class Device(models.TextChoices):
    COMPUTER = "computer", _("Computer")
    TABLET = "tablet", _("Tablet")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    COMPLETED = "completed", _("Completed")
    DROPPED = "dropped", _("Dropped out")


def age_band_for(age: int | None) -> str:
    """A followed person's band, from their age."""
    if age is None:
        return AgeBand.UNKNOWN
    for limit, band in ((12, AgeBand.UNDER_12), (18, AgeBand.FROM_12), (25, AgeBand.FROM_18),
                        (40, AgeBand.FROM_25), (60, AgeBand.FROM_40), (70, AgeBand.FROM_60)):  # fmt: skip
        if age < limit:
            return band
    return AgeBand.FROM_70


class EquipmentKind(models.TextChoices):
    LAPTOP = "laptop", _("Laptop")
    DESKTOP = "desktop", _("Desktop computer")
    TABLET = "tablet", _("Tablet")
    PHONE = "phone", _("Phone")
    CONNECTIVITY = "connectivity", _("Connectivity subsidy")


class DeskPurpose(models.TextChoices):
    PROCEDURE = "procedure", _("Administrative procedure")
    CV = "cv", _("CV or cover letter")
    JOB_SEARCH = "job_search", _("Job search")
    PRINTING = "printing", _("Printing")
    EMAIL = "email", _("E-mail")
    OTHER = "other", _("Other")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("Waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Absent")


# A person's journey and the European Social Fund's participant data (FSE): codes only, each answer
# optional ("non_communique" by default).


class Answer(models.TextChoices):
    YES = "oui", _("Yes")
    NO = "non", _("No")
    UNKNOWN = "non_communique", _("Not given")


class ReferralSource(models.TextChoices):
    RSA_SERVICE = "service_rsa", _("Minimum-income / RSA service")
    SENIORS_SERVICE = "service_seniors", _("Seniors' service")
    EMPLOYMENT_SERVICE = "france_travail", _("France Travail / employment service")
    SOCIAL_WORKER = "travailleur_social", _("Social worker")
    PARTNER = "structure_partenaire", _("Partner association or structure")
    DIGITAL_MEDIATION = "mediation_numerique", _("Digital mediation place")
    SELF = "initiative_personnelle", _("On their own initiative")
    OTHER = "autre", _("Other")
    UNKNOWN = "non_communique", _("Not given")


class ExitSituation(models.TextChoices):
    """The FSE's situation at exit."""

    EMPLOYED = "emploi", _("In employment, incl. self-employed")
    TRAINING = "formation", _("In education or training")
    JOB_SEEKING = "recherche_emploi", _("Seeking a job")
    INACTIVE = "inactif", _("Inactive")
    OTHER = "autre", _("Other")
    UNKNOWN = "non_communique", _("Not given")


class EmploymentSituation(models.TextChoices):
    """The FSE's employment situation at entry."""

    EMPLOYED = "en_emploi", _("In employment, incl. self-employed")
    UNEMPLOYED = "chomeur", _("Unemployed")
    LONG_TERM_UNEMPLOYED = "chomeur_longue_duree", _("Long-term unemployed")
    INACTIVE = "inactif", _("Inactive")
    IN_TRAINING = "en_formation", _("In education or training")
    UNKNOWN = "non_communique", _("Not given")


class EducationLevel(models.TextChoices):
    """The highest level of education reached (ISCED)."""

    ISCED_0_2 = "cite_0_2", _("Up to lower secondary")
    ISCED_3_4 = "cite_3_4", _("Upper secondary / post-secondary")
    ISCED_5_8 = "cite_5_8", _("Higher education")
    UNKNOWN = "non_communique", _("Not given")


class FseAgeGroup(models.TextChoices):
    """The FSE's age groups, at entry."""

    UNDER_25 = "moins_25", _("Under 25")
    FROM_25 = "25_54", _("25–54")
    OVER_54 = "plus_54", _("Over 54")
    UNKNOWN = "non_communique", _("Not given")


def fse_age_group_for(age: int | None) -> str:
    if age is None:
        return FseAgeGroup.UNKNOWN
    if age < 25:
        return FseAgeGroup.UNDER_25
    return FseAgeGroup.FROM_25 if age <= 54 else FseAgeGroup.OVER_54
