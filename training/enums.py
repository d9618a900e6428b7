"""Vocabularies of the structure's own records (the national ones are in ``figures.enums``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Autonomy(models.TextChoices):
    FULLY_ASSISTED = "entierement_accompagne", _("Fully assisted")
    PARTLY_AUTONOMOUS = "partiellement_autonome", _("Partly autonomous")
    AUTONOMOUS = "autonome", _("Autonomous")


class Referral(models.TextChoices):
    ADMINISTRATION = "administration", _("An administration")
    MEDIATION = "mediation_numerique", _("A digital mediation place")
    OPERATOR = "operateur_ou_organisme_en_charge", _("The operator or body in charge")
    SOCIAL_AID = "aide_sociale", _("Social aid")
    JOBS = "insertion_professionnelle", _("Employment support")
    ADMIN_HELP = "aide_aux_demarches_administratives", _("Help with online procedures")
    OTHER = "autre", _("Other")


class AssessmentMoment(models.TextChoices):
    ENTRY = "entry", _("Entry")
    EXIT = "exit", _("Exit")


class TrainingStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Absent")


class EquipmentCondition(models.TextChoices):
    REFURBISHED = "refurbished", _("Refurbished")
    NEW = "new", _("New")
