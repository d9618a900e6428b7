"""Anonymous facts in the public schema, kept in step with each structure's records.

Their tables keep the names they had in the ``network`` app (``network_*``).

The workspace's services write them in the same transaction as each change; the
network's figures read only these tables. No name, no contact, no free text: ids are
the structure's local ids, meaningless outside it.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models


class ActivityFact(models.Model):
    structure = models.ForeignKey("tenants.Structure", on_delete=models.CASCADE, related_name="+")
    activity_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=20)
    date = models.DateField()
    duration_minutes = models.PositiveIntegerField()
    themes = ArrayField(models.CharField(max_length=50), default=list)
    equipment = ArrayField(models.CharField(max_length=20), default=list)
    place_type = models.CharField(max_length=20, blank=True)
    level = models.CharField(max_length=20, blank=True)
    kit_id = models.PositiveBigIntegerField(null=True)
    course_id = models.PositiveBigIntegerField(null=True)
    followed_count = models.PositiveIntegerField(default=0)
    anonymous_total = models.PositiveIntegerField(default=0)
    anonymous_already_seen = models.PositiveIntegerField(default=0)
    # {"gender": {...}, "age_band": {...}, "status": {...}} of anonymous participants.
    anonymous_breakdown = models.JSONField(default=dict)
    invited_count = models.PositiveIntegerField(null=True)
    followup_course_count = models.PositiveIntegerField(default=0)
    followup_individual_count = models.PositiveIntegerField(default=0)
    mentor_count = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "network_activityfact"
        constraints = [models.UniqueConstraint(fields=["structure", "activity_id"], name="activityfact_unique")]
        indexes = [
            models.Index(fields=["date", "structure"]),
            models.Index(fields=["kind", "date"]),
            models.Index(fields=["kit_id"]),
            # A course's sessions, for "a course counts in a period when one of its sessions is in it".
            models.Index(
                fields=["structure", "course_id", "date"],
                name="activityfact_course_sessions",
                condition=models.Q(course_id__isnull=False),
            ),
        ]


class AttendanceFact(models.Model):
    """One followed person at one activity."""

    structure = models.ForeignKey("tenants.Structure", on_delete=models.CASCADE, related_name="+")
    activity_id = models.PositiveBigIntegerField()
    beneficiary_id = models.PositiveBigIntegerField()
    date = models.DateField()
    kind = models.CharField(max_length=20)
    course_id = models.PositiveBigIntegerField(null=True)
    duration_minutes = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "network_attendancefact"
        constraints = [
            models.UniqueConstraint(fields=["structure", "activity_id", "beneficiary_id"], name="attendancefact_unique")
        ]
        indexes = [
            models.Index(fields=["date", "structure"]),
            # A person's facts by date: a write's existence test of one month (figures.rollups.rollups_apply).
            models.Index(fields=["structure", "beneficiary_id", "date"], name="attendancefact_person_date"),
        ]


class BeneficiaryFact(models.Model):
    structure = models.ForeignKey("tenants.Structure", on_delete=models.CASCADE, related_name="+")
    beneficiary_id = models.PositiveBigIntegerField()
    gender = models.CharField(max_length=20)
    birth_year = models.PositiveSmallIntegerField(null=True)
    social_status = models.CharField(max_length=20)
    # The journey and the FSE participant data: codes and dates only (``figures.enums``).
    referral_source = models.CharField(max_length=30, default="non_communique", db_default="non_communique")
    referral_date = models.DateField(null=True)
    evaluation_date = models.DateField(null=True)
    exit_date = models.DateField(null=True)
    exit_autonomous = models.CharField(max_length=20, default="non_communique", db_default="non_communique")
    exit_situation = models.CharField(max_length=20, default="non_communique", db_default="non_communique")
    exit_minimum_income = models.CharField(max_length=20, default="non_communique", db_default="non_communique")
    qpv = models.CharField(max_length=20, default="non_communique", db_default="non_communique")
    employment_situation = models.CharField(max_length=30, default="non_communique", db_default="non_communique")
    education_level = models.CharField(max_length=20, default="non_communique", db_default="non_communique")
    minimum_income = models.CharField(max_length=20, default="non_communique", db_default="non_communique")
    single_parent = models.CharField(max_length=20, default="non_communique", db_default="non_communique")
    disability = models.CharField(max_length=20, default="non_communique", db_default="non_communique")

    class Meta:
        db_table = "network_beneficiaryfact"
        constraints = [models.UniqueConstraint(fields=["structure", "beneficiary_id"], name="beneficiaryfact_unique")]
        # The journeys and the profile of a period start from the people who carry a journey date or an
        # answer (``figures.compute.journey_figures``), never from every person of the network.
        indexes = [
            *(
                models.Index(
                    fields=[column],
                    name=f"beneficiaryfact_{column[:-5]}",
                    condition=models.Q(**{f"{column}__isnull": False}),
                )
                for column in ("referral_date", "evaluation_date", "exit_date")
            ),
            models.Index(
                fields=["structure", "beneficiary_id"],
                name="beneficiaryfact_answered",
                condition=~models.Q(qpv="non_communique")
                | ~models.Q(minimum_income="non_communique")
                | ~models.Q(single_parent="non_communique")
                | ~models.Q(disability="non_communique")
                | ~models.Q(employment_situation="non_communique")
                | ~models.Q(education_level="non_communique"),
            ),
        ]


class CourseFact(models.Model):
    structure = models.ForeignKey("tenants.Structure", on_delete=models.CASCADE, related_name="+")
    course_id = models.PositiveBigIntegerField()
    device = models.CharField(max_length=20)
    planned_hours = models.DecimalField(max_digits=5, decimal_places=1)
    start_date = models.DateField()
    end_date = models.DateField(null=True)

    class Meta:
        db_table = "network_coursefact"
        constraints = [models.UniqueConstraint(fields=["structure", "course_id"], name="coursefact_unique")]
        indexes = [models.Index(fields=["start_date"])]


class EnrolmentFact(models.Model):
    structure = models.ForeignKey("tenants.Structure", on_delete=models.CASCADE, related_name="+")
    course_id = models.PositiveBigIntegerField()
    beneficiary_id = models.PositiveBigIntegerField()
    status = models.CharField(max_length=20)

    class Meta:
        db_table = "network_enrolmentfact"
        constraints = [
            models.UniqueConstraint(fields=["structure", "course_id", "beneficiary_id"], name="enrolmentfact_unique")
        ]


class EquipmentFact(models.Model):
    structure = models.ForeignKey("tenants.Structure", on_delete=models.CASCADE, related_name="+")
    gift_id = models.PositiveBigIntegerField()
    beneficiary_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=20)
    condition = models.CharField(max_length=20, blank=True)
    date = models.DateField()
    amount = models.DecimalField(max_digits=8, decimal_places=2, null=True)

    class Meta:
        db_table = "network_equipmentfact"
        constraints = [models.UniqueConstraint(fields=["structure", "gift_id"], name="equipmentfact_unique")]


class DeskVisitFact(models.Model):
    structure = models.ForeignKey("tenants.Structure", on_delete=models.CASCADE, related_name="+")
    visit_id = models.PositiveBigIntegerField()
    date = models.DateField()
    purpose = models.CharField(max_length=20)
    count = models.PositiveIntegerField()
    social_status = models.CharField(max_length=20)

    class Meta:
        db_table = "network_deskvisitfact"
        constraints = [models.UniqueConstraint(fields=["structure", "visit_id"], name="deskvisitfact_unique")]


class MentorshipFact(models.Model):
    structure = models.ForeignKey("tenants.Structure", on_delete=models.CASCADE, related_name="+")
    mentorship_id = models.PositiveBigIntegerField()
    mentor_id = models.PositiveBigIntegerField()
    mentee_id = models.PositiveBigIntegerField()
    start_date = models.DateField()

    class Meta:
        db_table = "network_mentorshipfact"
        constraints = [models.UniqueConstraint(fields=["structure", "mentorship_id"], name="mentorshipfact_unique")]


class AssessmentFact(models.Model):
    """One entry or exit skills assessment: its levels per competence of the shared reference
    (``figures.reference``) and their mean per area. The person is the structure's local id."""

    structure = models.ForeignKey("tenants.Structure", on_delete=models.CASCADE, related_name="+")
    assessment_id = models.PositiveBigIntegerField()
    beneficiary_id = models.PositiveBigIntegerField()
    course_id = models.PositiveBigIntegerField(null=True)
    moment = models.CharField(max_length=10)  # entry, exit
    date = models.DateField()
    scores = models.JSONField(default=dict)  # {"1.1": 2, ...}
    areas = models.JSONField(default=dict)  # {"1": 2.0, ...}: the mean level of the area's competences

    class Meta:
        constraints = [models.UniqueConstraint(fields=["structure", "assessment_id"], name="assessmentfact_unique")]
        indexes = [models.Index(fields=["structure", "beneficiary_id"], name="assessmentfact_person")]


class PublishedWorkshop(models.Model):
    """A structure's upcoming workshop as shown on the network's combined calendar (no participant data)."""

    structure = models.ForeignKey("tenants.Structure", on_delete=models.CASCADE, related_name="published_workshops")
    workshop_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=200)
    date = models.DateField()
    start_time = models.TimeField()
    duration_minutes = models.PositiveIntegerField()
    place = models.CharField(max_length=200, blank=True)
    themes = ArrayField(models.CharField(max_length=50), default=list)
    level = models.CharField(max_length=20, blank=True)
    kit_id = models.PositiveBigIntegerField(null=True)
    seats = models.PositiveIntegerField()
    seats_taken = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "network_publishedworkshop"
        ordering = ["date", "start_time"]
        constraints = [models.UniqueConstraint(fields=["structure", "workshop_id"], name="publishedworkshop_unique")]
        indexes = [models.Index(fields=["date"])]

    @property
    def seats_left(self) -> int:
        return max(self.seats - self.seats_taken, 0)


# --- Rollups of the facts above, for the figures of whole months --------------------------------
# Maintained by ``figures.rollups`` (called by ``training.facts``) in the same transaction as the facts
# they sum, checked and rebuilt with them (``manage.py check_facts``). Their definitions are the SQL
# in ``figures.rollups``.


class ActivityMonthFact(models.Model):
    """The activities of one structure, month and kind: counts and sums of ``ActivityFact``."""

    structure = models.ForeignKey("tenants.Structure", on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField(help_text="First day of the month.")
    kind = models.CharField(max_length=20)
    activities = models.PositiveIntegerField()
    minutes = models.PositiveBigIntegerField()
    anonymous_total = models.PositiveBigIntegerField()
    # Anonymous participants not already accompanied (total − already seen, where there were some).
    anonymous_new = models.BigIntegerField()
    invited = models.PositiveBigIntegerField()
    followup_course = models.PositiveBigIntegerField()
    followup_individual = models.PositiveBigIntegerField()

    class Meta:
        db_table = "network_activitymonthfact"
        constraints = [models.UniqueConstraint(fields=["structure", "month", "kind"], name="activitymonthfact_unique")]
        indexes = [models.Index(fields=["month"], name="activitymonthfact_month")]


class ActivityMonthBreakdownFact(models.Model):
    """One structure, month and kind, by ``dimension``: activities per theme or kit, and anonymous
    participants not already accompanied per gender, age band or status (each activity's breakdown
    weighted by its share of new participants, hence a decimal)."""

    structure = models.ForeignKey("tenants.Structure", on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField(help_text="First day of the month.")
    kind = models.CharField(max_length=20)
    dimension = models.CharField(max_length=20)  # theme, kit, gender, age_band, status
    code = models.CharField(max_length=50)
    value = models.DecimalField(max_digits=30, decimal_places=15)

    class Meta:
        db_table = "network_activitymonthbreakdownfact"
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "month", "kind", "dimension", "code"], name="activitymonthbreakdownfact_unique"
            )
        ]
        indexes = [models.Index(fields=["month"], name="activitymonthbreakdown_month")]


class PersonYearFact(models.Model):
    """The months of one year in which a followed person attended activities of a kind ('' for any kind).

    ``months`` has bit m − 1 set for month m; ``previous_month`` is the person's last attendance month
    (of that kind) before this year, as year × 12 + month − 1. So a person is counted once in a period of
    whole months from the one row where they attended in the period and not earlier in it. Their gender,
    status and birth year are copied from ``BeneficiaryFact`` (null without one).
    """

    structure = models.ForeignKey("tenants.Structure", on_delete=models.CASCADE, related_name="+", db_index=False)
    beneficiary_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=20, blank=True)
    year = models.SmallIntegerField()
    months = models.PositiveSmallIntegerField()
    previous_month = models.IntegerField(null=True)
    gender = models.CharField(max_length=20, null=True)  # null: no BeneficiaryFact
    social_status = models.CharField(max_length=20, null=True)
    birth_year = models.PositiveSmallIntegerField(null=True)

    class Meta:
        db_table = "network_personyearfact"
        # A person's rows are found by their local id (the unique constraint). The figures of every structure
        # read ``PersonYearTotal``; those of a list of structures read this rollup by the structure (at 10,000
        # structures, 500 of them: 16 ms instead of 130 ms for a scan of the whole table); the index on
        # (kind, year) serves the lists of most structures.
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary_id", "structure", "kind", "year"], name="personyearfact_person_unique"
            )
        ]
        indexes = [
            # Covering: the network's count of people reads this index only.
            models.Index(
                fields=["kind", "year"],
                include=["previous_month", "structure", "months", "gender", "social_status", "birth_year"],
                name="personyearfact_kind_year_all",
            ),
            models.Index(
                fields=["structure", "kind", "year"],
                include=["previous_month", "months", "gender", "social_status", "birth_year"],
                name="personyearfact_structure",
            ),
        ]


# --- The network's totals of the rollups above, for the figures of every structure ---------------
# At 10,000 structures the rollups hold a row per structure for each month and kind (and per person):
# summing them for the whole network reads millions of rows. These tables hold the same sums without the
# structure, as rows of changes: each refresh of a structure's rollups adds, in the same statement, the
# difference it makes (new rows minus old ones, ``figures.rollups``), so a total is always the sum of its
# rows, exact in every snapshot; ``rollups_compact`` (``manage.py compact_rollups``, scheduled) folds the
# rows of each key into one. ``check_facts`` compares them with the sums of the rollups.


class ActivityMonthTotal(models.Model):
    """Changes of the network's ``ActivityMonthFact`` summed over every structure, per month and kind."""

    month = models.DateField()
    kind = models.CharField(max_length=20)
    activities = models.BigIntegerField()
    minutes = models.BigIntegerField()
    anonymous_total = models.BigIntegerField()
    anonymous_new = models.BigIntegerField()
    invited = models.BigIntegerField()
    followup_course = models.BigIntegerField()
    followup_individual = models.BigIntegerField()

    class Meta:
        db_table = "network_activitymonthtotal"
        indexes = [models.Index(fields=["month", "kind"], name="activitymonthtotal_month")]


class ActivityMonthBreakdownTotal(models.Model):
    """Changes of ``ActivityMonthBreakdownFact`` summed over every structure."""

    month = models.DateField()
    kind = models.CharField(max_length=20)
    dimension = models.CharField(max_length=20)
    code = models.CharField(max_length=50)
    value = models.DecimalField(max_digits=30, decimal_places=15)

    class Meta:
        db_table = "network_activitymonthbreakdowntotal"
        indexes = [models.Index(fields=["month", "kind"], name="activitymonthbreakdowntotal_mo")]


class PersonYearTotal(models.Model):
    """Changes of the number of ``PersonYearFact`` rows of each value (every column but the structure and
    the person): the network's people counted once per structure, as the rollup counts them."""

    kind = models.CharField(max_length=20, blank=True)
    year = models.SmallIntegerField()
    months = models.PositiveSmallIntegerField()
    previous_month = models.IntegerField(null=True)
    gender = models.CharField(max_length=20, null=True)
    social_status = models.CharField(max_length=20, null=True)
    birth_year = models.PositiveSmallIntegerField(null=True)
    people = models.IntegerField()

    class Meta:
        db_table = "network_personyeartotal"
        indexes = [models.Index(fields=["kind", "year"], name="personyeartotal_kind_year")]
