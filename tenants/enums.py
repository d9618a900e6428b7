from django.db import models
from django.utils.translation import gettext_lazy as _


class StructureKind(models.TextChoices):
    CCAS = "ccas", _("CCAS (municipal social action centre)")
    ESAT = "esat", _("ESAT (sheltered work establishment)")
    ASSOCIATION = "association", _("Association")
    LIBRARY = "library", _("Library or media library")
    FRANCE_SERVICES = "france_services", _("France services")
    OTHER = "other", _("Other")


class StructureStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    COACHING = "coaching", _("In coaching")
    AUTONOMOUS = "autonomous", _("Autonomous")
    LEFT = "left", _("Left the network")


class MembershipRole(models.TextChoices):
    MANAGER = "manager", _("Manager")
    REFERENT = "referent", _("Referent")


class NetworkRole(models.TextChoices):
    NONE = "", _("None")
    COORDINATOR = "coordinator", _("Network coordinator")
    TRAINER = "trainer", _("Trainer")
