"""A relay structure's own records (tenant schema). Pseudonymous: no surname, phone or e-mail.

Links to public tables (users, kits, network trainings) are plain ids or FKs without
database constraint: deleting a public row must never need to reach into every schema.
"""

import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from figures.enums import (
    ActivityKind,
    Answer,
    DeskPurpose,
    Device,
    EducationLevel,
    EmploymentSituation,
    EnrolmentStatus,
    Equipment,
    EquipmentKind,
    ExitSituation,
    Gender,
    Level,
    PlaceType,
    ReferralSource,
    RegistrationStatus,
    SocialStatus,
    Theme,
)
from figures.reference import LEVEL_MAX
from training.enums import AssessmentMoment, Autonomy, EquipmentCondition, Referral, TrainingStatus

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_beneficiary_code() -> str:
    return "P-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


class ReferentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Referent(models.Model):
    """A member of staff who runs sessions; may have a user account."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = ReferentQuerySet.as_manager()

    class Meta:
        verbose_name = _("referent")
        verbose_name_plural = _("referents")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class ReferentTraining(models.Model):
    """A referent's registration to one of the network's training sessions (written by trainers)."""

    referent = models.ForeignKey(Referent, on_delete=models.CASCADE, related_name="trainings")
    session_id = models.PositiveBigIntegerField(_("training session"))
    module_id = models.PositiveBigIntegerField(_("training module"))
    status = models.CharField(
        _("status"), max_length=20, choices=TrainingStatus.choices, default=TrainingStatus.REGISTERED
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("referent training")
        verbose_name_plural = _("referent trainings")
        constraints = [models.UniqueConstraint(fields=["referent", "session_id"], name="referenttraining_unique")]


class BeneficiaryQuerySet(models.QuerySet):
    def current(self):
        return self.filter(erased_at__isnull=True, merged_into__isnull=True)

    def search(self, query: str):
        query = (query or "").strip()
        if not query:
            return self
        return self.filter(models.Q(code__icontains=query) | models.Q(label__icontains=query))


class Beneficiary(models.Model):
    """A person accompanied, pseudonymous: a code, optional initials that never leave the structure."""

    code = models.CharField(_("code"), max_length=12, unique=True, default=new_beneficiary_code, editable=False)
    label = models.CharField(
        _("first name or initials"),
        max_length=50,
        blank=True,
        help_text=_("Optional. Stays in the structure; never sent to the network."),
    )
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, default=Gender.UNKNOWN)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    social_status = models.CharField(
        _("social status"), max_length=20, choices=SocialStatus.choices, default=SocialStatus.UNKNOWN
    )
    commune = models.CharField(_("commune"), max_length=120, blank=True)
    consent_date = models.DateField(_("consent to the record"), null=True, blank=True)
    # A keyed hash of the name another tool knows the person by (La Coop's export): matches them on
    # a later import without keeping the name.
    external_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_from"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    # The journey, from referral to exit (codes and dates are copied to the anonymous facts; the
    # partner's name stays here).
    referral_source = models.CharField(
        _("referred by"), max_length=30, choices=ReferralSource.choices, default=ReferralSource.UNKNOWN
    )
    referral_partner = models.CharField(
        _("referring partner"),
        max_length=150,
        blank=True,
        help_text=_("The partner service (e.g. “CCAS – RSA service”), never a person's name."),
    )
    referral_date = models.DateField(_("referral date"), null=True, blank=True)
    evaluation_date = models.DateField(
        _("evaluation date"), null=True, blank=True, help_text=_("The social evaluation or digital diagnosis.")
    )
    exit_date = models.DateField(_("exit date"), null=True, blank=True)
    exit_autonomous = models.CharField(
        _("autonomous at exit"), max_length=20, choices=Answer.choices, default=Answer.UNKNOWN,
        help_text=_("As assessed at the exit interview."),
    )  # fmt: skip
    exit_situation = models.CharField(
        _("situation at exit"), max_length=20, choices=ExitSituation.choices, default=ExitSituation.UNKNOWN
    )
    exit_minimum_income = models.CharField(
        _("receives a minimum income at exit"), max_length=20, choices=Answer.choices, default=Answer.UNKNOWN
    )
    # The European Social Fund's participant data, at entry.
    qpv = models.CharField(
        _("lives in a priority neighbourhood (QPV)"), max_length=20, choices=Answer.choices, default=Answer.UNKNOWN
    )
    employment_situation = models.CharField(
        _("employment situation at entry"),
        max_length=30,
        choices=EmploymentSituation.choices,
        default=EmploymentSituation.UNKNOWN,
    )
    education_level = models.CharField(
        _("education level"), max_length=20, choices=EducationLevel.choices, default=EducationLevel.UNKNOWN
    )
    minimum_income = models.CharField(
        _("receives a minimum income (RSA…) at entry"), max_length=20, choices=Answer.choices, default=Answer.UNKNOWN
    )
    single_parent = models.CharField(
        _("single adult with dependent children"), max_length=20, choices=Answer.choices, default=Answer.UNKNOWN
    )
    disability = models.CharField(
        _("recognised disability"), max_length=20, choices=Answer.choices, default=Answer.UNKNOWN,
        help_text=_("Only with the person's explicit agreement."),
    )  # fmt: skip

    objects = BeneficiaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("person accompanied")
        verbose_name_plural = _("people accompanied")
        ordering = ["code"]
        indexes = [models.Index(fields=["label"])]

    def __str__(self) -> str:
        return f"{self.code} {self.label}".strip()


class Course(models.Model):
    """A multi-session beginner course ("parcours") on a computer or a tablet."""

    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    DEFAULT_HOURS = {Device.COMPUTER: 12, Device.TABLET: 14}

    title = models.CharField(_("title"), max_length=200)
    device = models.CharField(_("device"), max_length=20, choices=Device.choices, default=Device.COMPUTER)
    planned_hours = models.DecimalField(_("planned hours"), max_digits=5, decimal_places=1)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity"), null=True, blank=True)
    referents = models.ManyToManyField(Referent, verbose_name=_("referents"), blank=True, related_name="courses")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="course_end_after_start",
                violation_error_message=_("The end date must be on or after the start date."),
            ),
            models.CheckConstraint(
                condition=models.Q(planned_hours__gt=0),
                name="course_planned_hours_positive",
                violation_error_message=_("Planned hours must be positive."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Enrolment(models.Model):
    """A person's place in a course. Completed means at least 80 % of the planned hours attended."""

    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    COMPLETION_SHARE = 0.8

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="enrolments")
    status = models.CharField(
        _("status"), max_length=20, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    enrolled_at = models.DateField(_("enrolled on"), auto_now_add=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "beneficiary"],
                name="enrolment_unique",
                violation_error_message=_("This person is already enrolled in this course."),
            )
        ]


class ActivityQuerySet(models.QuerySet):
    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def between(self, start=None, end=None):
        qs = self
        if start:
            qs = qs.filter(date__gte=start)
        if end:
            qs = qs.filter(date__lte=end)
        return qs


class Activity(models.Model):
    """A logged session: thematic workshop, individual drop-in, course session or awareness meeting.

    Participants are followed people (``Participation``) and/or anonymous counts; for
    anonymous counts the breakdowns by gender, age band and status each add up to the total.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    place_type = models.CharField(_("place"), max_length=20, choices=PlaceType.choices, default=PlaceType.SITE)
    place_name = models.CharField(_("place name or commune"), max_length=150, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, blank=True)
    themes = ArrayField(
        models.CharField(max_length=50, choices=Theme.choices), verbose_name=_("themes"), default=list, blank=True
    )
    equipment = ArrayField(
        models.CharField(max_length=20, choices=Equipment.choices),
        verbose_name=_("equipment"),
        default=list,
        blank=True,
    )
    referents = models.ManyToManyField(Referent, verbose_name=_("referents"), blank=True, related_name="activities")
    kit_id = models.PositiveBigIntegerField(_("kit used"), null=True, blank=True)
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, null=True, blank=True, related_name="sessions"
    )
    autonomy = models.CharField(_("autonomy"), max_length=30, choices=Autonomy.choices, blank=True)
    referral = models.CharField(_("referred to"), max_length=40, choices=Referral.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # One session counts at most this many anonymous people (a workshop has a dozen; the largest public
    # awareness meetings of the network a few thousand);
    # a bigger event is logged as several sessions. Every door takes its bound from here.
    MAX_ANONYMOUS = 5_000
    MAX_INVITED = 100_000
    anonymous_total = models.PositiveIntegerField(_("anonymous participants"), default=0)
    anonymous_already_seen = models.PositiveIntegerField(_("of whom already accompanied"), default=0)
    # {"gender": {code: n}, "age_band": {code: n}, "status": {code: n}}; each sums to anonymous_total.
    anonymous_breakdown = models.JSONField(_("breakdown of anonymous participants"), default=dict, blank=True)
    # Awareness meetings (Charente's practice): people invited, and attendees who then took up a follow-up.
    invited_count = models.PositiveIntegerField(_("people invited (letters, calls)"), null=True, blank=True)
    followup_course_count = models.PositiveIntegerField(_("attendees who then enrolled in a course"), default=0)
    followup_individual_count = models.PositiveIntegerField(
        _("attendees who then started an individual follow-up"), default=0
    )
    beneficiaries = models.ManyToManyField(
        Beneficiary, through="Participation", verbose_name=_("people accompanied"), related_name="activities"
    )
    created_by_id = models.PositiveBigIntegerField(null=True, blank=True)
    # The activity's id in the tool it was imported from (La Coop's "ID CRA"): a second import skips it.
    external_id = models.CharField(_("external id"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "-start_time", "-id"]
        indexes = [models.Index(fields=["date"]), models.Index(fields=["kind", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gt=0),
                name="activity_duration_positive",
                violation_error_message=_("The duration must be positive."),
            ),
            models.CheckConstraint(
                condition=models.Q(anonymous_already_seen__lte=models.F("anonymous_total")),
                name="activity_already_seen_within_total",
                violation_error_message=_("People already accompanied cannot outnumber the anonymous participants."),
            ),
            models.UniqueConstraint(
                fields=["external_id"], condition=~models.Q(external_id=""), name="activity_external_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.date:%d/%m/%Y}" + (f" – {self.title}" if self.title else "")


class Participation(models.Model):
    """A followed person's attendance at an activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participations")
    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="participations")

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "beneficiary"],
                name="participation_unique",
                violation_error_message=_("This person is already recorded at this activity."),
            )
        ]


class SkillAssessment(models.Model):
    """Entry or exit assessment of a person on the competences of the shared reference (Pix / DigComp).

    ``scores``: {competence code: level 0 to 3} (``figures.reference``), validated by
    ``training.services.courses.assessment_record``.
    """

    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="assessments")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, null=True, blank=True, related_name="assessments")
    date = models.DateField(_("date"))
    moment = models.CharField(_("moment"), max_length=10, choices=AssessmentMoment.choices)
    scores = models.JSONField(_("scores"), default=dict, blank=True)

    class Meta:
        verbose_name = _("skills assessment")
        verbose_name_plural = _("skills assessments")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary", "course", "moment"],
                name="assessment_unique_moment",
                violation_error_message=_("This assessment already exists for this person and course."),
            )
        ]

    @property
    def total(self) -> int:
        return sum(int(level) for level in self.scores.values())

    @property
    def maximum(self) -> int:
        return LEVEL_MAX * len(self.scores)

    def level(self, competence: str) -> int | None:
        return self.scores.get(competence)


class ActivityChange(models.Model):
    """The audit trail of activities: who changed what, when."""

    activity_id = models.PositiveBigIntegerField(db_index=True)
    user_id = models.PositiveBigIntegerField(null=True)
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=10)
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at"]


# The practices of the other programmes (equipment aid, open-access desk, calendar, mentors) -------------


class EquipmentGift(models.Model):
    """Equipment or a connectivity subsidy given to a person (Bagnolet's practice)."""

    beneficiary = models.ForeignKey(
        Beneficiary, verbose_name=_("person"), on_delete=models.CASCADE, related_name="equipment_gifts"
    )
    kind = models.CharField(_("what"), max_length=20, choices=EquipmentKind.choices)
    condition = models.CharField(_("condition"), max_length=20, choices=EquipmentCondition.choices, blank=True)
    date = models.DateField(_("date"))
    partner = models.CharField(_("supplied by"), max_length=150, blank=True)
    amount = models.DecimalField(_("amount (€)"), max_digits=8, decimal_places=2, null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"), null=True, blank=True)
    requirement = models.CharField(
        _("condition attached"), max_length=200, blank=True, help_text=_("For example: finishing a course.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("equipment given")
        verbose_name_plural = _("equipment given")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="equipmentgift_amount_positive",
                violation_error_message=_("The amount cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.date:%d/%m/%Y}"


class DeskVisit(models.Model):
    """Visits to the open-access desk, counted per day and purpose (BGE Indre's digital space)."""

    date = models.DateField(_("date"))
    purpose = models.CharField(_("purpose"), max_length=20, choices=DeskPurpose.choices)
    count = models.PositiveIntegerField(_("visits"), default=1)
    social_status = models.CharField(
        _("visitors' status"), max_length=20, choices=SocialStatus.choices, default=SocialStatus.UNKNOWN
    )
    beneficiary = models.ForeignKey(
        Beneficiary,
        verbose_name=_("person helped by a mediator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="desk_visits",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("desk visit")
        verbose_name_plural = _("desk visits")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(count__gt=0),
                name="deskvisit_count_positive",
                violation_error_message=_("Count at least one visit."),
            )
        ]


class ScheduledWorkshop(models.Model):
    """An upcoming workshop published on the structure's public calendar, with registration."""

    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=90)
    place = models.CharField(_("place"), max_length=200, blank=True)
    themes = ArrayField(
        models.CharField(max_length=50, choices=Theme.choices), verbose_name=_("themes"), default=list, blank=True
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, blank=True)
    kit_id = models.PositiveBigIntegerField(_("kit"), null=True, blank=True)
    seats = models.PositiveSmallIntegerField(_("seats"), default=8)
    published = models.BooleanField(_("published"), default=True)
    referents = models.ManyToManyField(Referent, verbose_name=_("referents"), blank=True, related_name="+")
    activity = models.OneToOneField(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="scheduled_workshop"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("scheduled workshop")
        verbose_name_plural = _("scheduled workshops")
        ordering = ["date", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(seats__gt=0),
                name="scheduledworkshop_seats_positive",
                violation_error_message=_("A workshop needs at least one seat."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} – {self.date:%d/%m/%Y}"


class WorkshopRegistration(models.Model):
    """A seat (or a place on the waiting list) at a scheduled workshop."""

    workshop = models.ForeignKey(ScheduledWorkshop, on_delete=models.CASCADE, related_name="registrations")
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.SET_NULL, null=True, blank=True, related_name="workshop_registrations"
    )
    label = models.CharField(_("first name or initials"), max_length=50, blank=True)
    contact = models.CharField(
        _("phone or e-mail for a reminder"),
        max_length=120,
        blank=True,
        help_text=_("Optional; erased once the workshop has taken place."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.REGISTERED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    # figures.seats: a workshop's waiting list is served in the order people registered.
    WAITING_SINCE = "created_at"

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at"]


class Mentorship(models.Model):
    """A former learner who completed a course mentors a newcomer ("ange gardien")."""

    mentor = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="mentorships_given")
    mentee = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="mentorships_received")
    start_date = models.DateField(_("since"))
    activities = models.ManyToManyField(Activity, verbose_name=_("activities"), blank=True, related_name="mentorships")
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        constraints = [
            models.UniqueConstraint(fields=["mentor", "mentee"], name="mentorship_unique"),
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("mentee")),
                name="mentorship_not_self",
                violation_error_message=_("A person cannot mentor themself."),
            ),
        ]


class Tombstone(models.Model):
    """A record deleted (or erased) in this structure, kept a while so that a mirror learns of it.

    Written by ``training.tombstones`` whenever a tracked record goes; read by the API's ``deleted/``.
    """

    KEEP_DAYS = 90

    model = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    deleted_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["deleted_at", "id"]
