from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    SELECTED = "selected", _("Selected")
    REJECTED = "rejected", _("Rejected")


class Public(models.TextChoices):
    SENIORS = "seniors", _("Older people")
    JOBSEEKERS = "jobseekers", _("Job seekers")
    DISABLED = "disabled", _("People with disabilities")
    YOUNG = "young", _("Young people")
    FAMILIES = "families", _("Families")
    MIGRANTS = "migrants", _("Migrants and foreigners")
    PRECARIOUS = "precarious", _("People in precarious situations")
    OTHER = "other", _("Other publics")


class MeetingKind(models.TextChoices):
    FRAMING = "framing", _("Framing meeting")
    FOLLOW_UP = "follow_up", _("Follow-up")
    VISIT = "visit", _("On-site visit")
    REMOTE = "remote", _("Remote call")
    COMMITTEE = "committee", _("Committee")


class MilestoneState(models.TextChoices):
    DONE = "done", _("Done")
    DUE = "due", _("Due")
    OVERDUE = "overdue", _("Overdue")


class Indicator(models.TextChoices):
    PEOPLE = "people", _("People accompanied")
    PEOPLE_IN_COURSES = "people_in_courses", _("People in courses")
    SESSIONS = "sessions", _("Sessions (workshops, drop-ins, courses)")
    WORKSHOPS = "workshops", _("Workshops and drop-ins")
    COURSES = "courses", _("Courses")
    REFERENTS_TRAINED = "referents_trained", _("Referents trained")
    HOURS = "hours", _("Hours delivered")
    # Outcomes, profile and practices (issue 14): a share's target is a percent (80 for "80 %").
    AUTONOMOUS_SHARE = "autonomous_share", _("Share autonomous at exit")
    QPV_SHARE = "qpv_share", _("Share living in a priority neighbourhood (QPV)")
    WOMEN_SHARE = "women_share", _("Share of women")
    COMPLETION_RATE = "completion_rate", _("Completion rate of the courses")
    REFERRED = "referred", _("People referred by a partner")
    EXITS = "exits", _("Exits from the scheme")
    PEOPLE_FOLLOWED = "people_followed", _("People followed (with a record)")
    PEOPLE_EQUIPPED = "people_equipped", _("People equipped")
    DEVICES = "devices", _("Devices given or lent")
    SUBSIDIES = "subsidies", _("Connection subsidies")
    AWARENESS_ATTENDEES = "awareness_attendees", _("People at awareness meetings")
    AWARENESS_INVITED = "awareness_invited", _("People invited to awareness meetings")


# Indicators read as a share (0–1) of the figures; their targets are percents.
SHARE_INDICATORS = frozenset(
    {Indicator.AUTONOMOUS_SHARE, Indicator.QPV_SHARE, Indicator.WOMEN_SHARE, Indicator.COMPLETION_RATE}
)


class FunderKind(models.TextChoices):
    FSE = "fse", _("European Social Fund (FSE)")
    ETAT = "etat", _("State")
    REGION = "region", _("Region")
    DEPARTEMENT = "departement", _("Département")
    COMMUNE = "commune", _("Commune or intercommunality")
    CAF = "caf", _("Family allowance fund (CAF)")
    PRIVE = "prive", _("Private funder (foundation, company)")
    FONDS_PROPRES = "fonds_propres", _("The structure's own funds")
    AUTRE = "autre", _("Other")
