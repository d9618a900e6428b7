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
