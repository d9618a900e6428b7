"""Forms of the structure's workspace: input checks only, writes go through ``training.services``."""

from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from figures.enums import (
    ActivityKind,
    AgeBand,
    Answer,
    Device,
    EducationLevel,
    EmploymentSituation,
    Equipment,
    ExitSituation,
    Gender,
    Level,
    PlaceType,
    ReferralSource,
    SocialStatus,
    Theme,
)
from figures.periods import CompareMode, comparison_period, period_check
from figures.reference import Competence, SkillLevel
from training.enums import AssessmentMoment, Autonomy, Referral
from training.models import Activity, Beneficiary, Course, Referent
from training.services.activities import TOO_MANY_ANONYMOUS

DURATION_PRESETS = (15, 30, 45, 60, 90, 120)
MAX_DURATION_MINUTES = 12 * 60
EARLIEST_DATE = date(2000, 1, 1)
BREAKDOWN_DIMENSIONS = (
    ("gender", _("gender"), Gender),
    ("age_band", _("age band"), AgeBand),
    ("status", _("social status"), SocialStatus),
)


def today() -> date:
    return timezone.localdate()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class CodeMultipleChoiceField(forms.ModelMultipleChoiceField):
    """People are posted by their code (what the search endpoint returns), never by database id."""

    widget = forms.MultipleHiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Beneficiary.objects.current())
        kwargs.setdefault("required", False)
        super().__init__(to_field_name="code", **kwargs)
        self.error_messages = {
            **self.error_messages,
            "invalid_choice": _("The person %(value)s is not in this structure's registry."),
        }

    def clean(self, value):
        if isinstance(value, str):
            value = [value]
        value = [v.strip().upper() for v in (value or []) if v and v.strip()]
        return super().clean(value)


def referent_choices_field(**kwargs) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=Referent.objects.active(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Referents"),
        **kwargs,
    )


# --- referents -------------------------------------------------------------------------


class ReferentForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    user = forms.TypedChoiceField(
        label=_("User account"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("A member of the structure's team, so that their sessions are pre-filled."),
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "—")] + [
            (u.pk, f"{u.get_full_name() or u.email} ({u.email})") for u in members
        ]


# --- people ----------------------------------------------------------------------------


class BeneficiaryForm(forms.Form):
    label = forms.CharField(
        label=_("First name or initials"),
        max_length=50,
        required=False,
        help_text=_("Optional. Stays in the structure; never sent to the network."),
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.UNKNOWN)
    birth_year = forms.IntegerField(label=_("Birth year"), required=False)
    social_status = forms.ChoiceField(
        label=_("Social status"), choices=SocialStatus.choices, initial=SocialStatus.UNKNOWN
    )
    commune = forms.CharField(label=_("Commune"), max_length=120, required=False)
    consent_date = forms.DateField(label=_("Consent to the record"), required=False, widget=DateInput())

    # The journey, from referral to exit.
    referral_source = forms.ChoiceField(
        label=_("Referred by"), choices=ReferralSource.choices, initial=ReferralSource.UNKNOWN, required=False
    )
    referral_partner = forms.CharField(
        label=_("Referring partner"),
        max_length=150,
        required=False,
        help_text=_("The partner service (e.g. “CCAS – RSA service”), never a person's name."),
    )
    referral_date = forms.DateField(label=_("Referral date"), required=False, widget=DateInput())
    evaluation_date = forms.DateField(
        label=_("Evaluation date"),
        required=False,
        widget=DateInput(),
        help_text=_("The social evaluation or digital diagnosis."),
    )
    exit_date = forms.DateField(label=_("Exit date"), required=False, widget=DateInput())
    exit_autonomous = forms.ChoiceField(
        label=_("Autonomous at exit"),
        choices=Answer.choices,
        initial=Answer.UNKNOWN,
        required=False,
        help_text=_("As assessed at the exit interview."),
    )
    exit_situation = forms.ChoiceField(
        label=_("Situation at exit"), choices=ExitSituation.choices, initial=ExitSituation.UNKNOWN, required=False
    )
    exit_minimum_income = forms.ChoiceField(
        label=_("Receives a minimum income at exit"), choices=Answer.choices, initial=Answer.UNKNOWN, required=False
    )

    # The European Social Fund's participant data, at entry.
    employment_situation = forms.ChoiceField(
        label=_("Employment situation at entry"),
        choices=EmploymentSituation.choices,
        initial=EmploymentSituation.UNKNOWN,
        required=False,
    )
    education_level = forms.ChoiceField(
        label=_("Education level"), choices=EducationLevel.choices, initial=EducationLevel.UNKNOWN, required=False
    )
    minimum_income = forms.ChoiceField(
        label=_("Receives a minimum income (RSA…) at entry"),
        choices=Answer.choices,
        initial=Answer.UNKNOWN,
        required=False,
    )
    single_parent = forms.ChoiceField(
        label=_("Single adult with dependent children"), choices=Answer.choices, initial=Answer.UNKNOWN, required=False
    )
    qpv = forms.ChoiceField(
        label=_("Lives in a priority neighbourhood (QPV)"),
        choices=Answer.choices,
        initial=Answer.UNKNOWN,
        required=False,
    )
    disability = forms.ChoiceField(
        label=_("Recognised disability"),
        choices=Answer.choices,
        initial=Answer.UNKNOWN,
        required=False,
        help_text=_("Only with the person's explicit agreement."),
    )

    JOURNEY_FIELDS = (
        "referral_source", "referral_partner", "referral_date", "evaluation_date", "exit_date", "exit_autonomous",
        "exit_situation", "exit_minimum_income",
    )  # fmt: skip
    FSE_FIELDS = ("employment_situation", "education_level", "minimum_income", "single_parent", "qpv", "disability")

    # Birth year, consent, the journey's dates and exit answers: checked by beneficiary_create/update
    # (person_rule_errors).

    def identity_fields(self):
        return [self[name] for name in self.fields if name not in (*self.JOURNEY_FIELDS, *self.FSE_FIELDS)]

    def journey_fields(self):
        return [self[name] for name in self.JOURNEY_FIELDS]

    def fse_fields(self):
        return [self[name] for name in self.FSE_FIELDS]


class BeneficiaryMergeForm(forms.Form):
    duplicate = forms.ModelChoiceField(
        label=_("Duplicate record (its attendances move to this one, then it disappears)"),
        queryset=Beneficiary.objects.none(),
        to_field_name="code",
    )

    def __init__(self, *args, keep: Beneficiary, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duplicate"].queryset = Beneficiary.objects.current().exclude(pk=keep.pk)


# --- activities ------------------------------------------------------------------------


class ActivityForm(forms.Form):
    """One screen for a workshop, a drop-in or an awareness meeting (course sessions: course page)."""

    KINDS = [(k, label) for k, label in ActivityKind.choices if k != ActivityKind.COURSE_SESSION]

    kind = forms.ChoiceField(label=_("Kind"), choices=KINDS, widget=forms.RadioSelect, initial=ActivityKind.WORKSHOP)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start time"), required=False, widget=TimeInput())
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=1,
        max_value=MAX_DURATION_MINUTES,
        initial=60,
        widget=forms.NumberInput(attrs={"list": "duration-presets", "inputmode": "numeric"}),
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    level = forms.ChoiceField(label=_("Level"), choices=[("", "—"), *Level.choices], required=False)
    themes = forms.MultipleChoiceField(
        label=_("Themes"), choices=Theme.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    equipment = forms.MultipleChoiceField(
        label=_("Equipment"), choices=Equipment.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    place_type = forms.ChoiceField(label=_("Place"), choices=PlaceType.choices, initial=PlaceType.SITE)
    place_name = forms.CharField(label=_("Place name or commune"), max_length=150, required=False)
    kit_id = forms.TypedChoiceField(label=_("Kit used"), required=False, coerce=int, empty_value=None)
    autonomy = forms.ChoiceField(label=_("Autonomy"), choices=[("", "—"), *Autonomy.choices], required=False)
    referral = forms.ChoiceField(
        label=_("Referred to"), choices=[("", _("No referral")), *Referral.choices], required=False
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    beneficiaries = CodeMultipleChoiceField(label=_("Followed people"))
    anonymous_total = forms.IntegerField(
        label=_("Anonymous participants"),
        min_value=0,
        max_value=Activity.MAX_ANONYMOUS,
        initial=0,
        error_messages={"max_value": TOO_MANY_ANONYMOUS},
    )
    anonymous_already_seen = forms.IntegerField(label=_("of whom already accompanied"), min_value=0, initial=0)

    # Shown first to a structure that has logged nothing yet: the themes most relay structures log.
    USUAL_THEMES = (
        "aide_aux_demarches_administratives",
        "prendre_en_main_du_materiel",
        "email",
        "securite_numerique",
        "navigation_sur_internet",
        "banque_et_achats_en_ligne",
    )

    def __init__(self, *args, kits=None, top_themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referents"] = referent_choices_field()
        # The structure's most-used themes come first (shown), the others after them (collapsed, searchable).
        labels = dict(Theme.choices)
        first = list(dict.fromkeys(code for code in top_themes if code in labels))
        for code in self.USUAL_THEMES:
            if len(first) >= len(self.USUAL_THEMES):
                break
            if code not in first:
                first.append(code)
        self.fields["themes"].choices = [(code, labels[code]) for code in first] + [
            (code, label) for code, label in Theme.choices if code not in first
        ]
        self.top_theme_count = len(first)
        if kits:
            self.fields["kit_id"].choices = [("", _("No kit")), *kits]
        else:
            del self.fields["kit_id"]
        for dimension, _label, choices in BREAKDOWN_DIMENSIONS:
            for code, code_label in choices.choices:
                self.fields[f"anon_{dimension}_{code}"] = forms.IntegerField(
                    label=code_label,
                    min_value=0,
                    required=False,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )

    def themes_split(self):
        """(shown first, the others) as bound checkboxes."""
        choices = list(self["themes"])
        return choices[: self.top_theme_count], choices[self.top_theme_count :]

    def breakdown_fields(self):
        """(dimension label, [bound fields]) for the template."""
        return [
            (label, [self[f"anon_{dimension}_{code}"] for code, _ in choices.choices])
            for dimension, label, choices in BREAKDOWN_DIMENSIONS
        ]

    def clean(self):
        """Shape only: the breakdown's boxes become the service's dict; every rule is activity_create's."""
        data = super().clean()
        data["anonymous_breakdown"] = {
            dimension: {code: data.get(f"anon_{dimension}_{code}") for code, _ in choices.choices
                        if data.get(f"anon_{dimension}_{code}")}
            for dimension, _label, choices in BREAKDOWN_DIMENSIONS
        }  # fmt: skip
        return data

    def service_fields(self) -> dict:
        """The cleaned data in the shape of ``activity_create``/``activity_update``."""
        data = self.cleaned_data
        fields = {
            name: data.get(name)
            for name in (
                "date",
                "start_time",
                "duration_minutes",
                "title",
                "level",
                "themes",
                "equipment",
                "place_type",
                "place_name",
                "autonomy",
                "referral",
                "notes",
                "anonymous_total",
                "anonymous_already_seen",
                "anonymous_breakdown",
            )
        }
        if "kit_id" in self.fields:
            fields["kit_id"] = data.get("kit_id")
        fields["level"] = fields["level"] or ""
        return fields


class ActivityFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All")), *ActivityKind.choices], required=False)
    theme = forms.ChoiceField(label=_("Theme"), choices=[("", _("All")), *Theme.choices], required=False)
    referent = forms.ModelChoiceField(
        label=_("Referent"), queryset=Referent.objects.all(), required=False, empty_label=_("All")
    )
    q = forms.CharField(label=_("Title contains"), required=False, max_length=100)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end of the period must be after its start."))
        return data


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All")), *ActivityKind.choices], required=False)
    compare = forms.ChoiceField(
        label=_("Compare with"), choices=[("", _("No comparison")), *CompareMode.choices], required=False
    )

    def clean(self):
        data = super().clean()
        try:
            period_check(data.get("start"), data.get("end"))
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                self.add_error(name, messages)
            return data
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end of the period must be after its start."))
        elif data.get("compare"):
            start, end = self.period()
            try:
                comparison_period(start, end, data["compare"])
            except ValidationError as error:
                self.add_error("compare", error.messages)
        return data

    def period(self) -> tuple[date, date]:
        """The period shown: the dates chosen, else those of the default period."""
        start, end = self.default_period()
        data = getattr(self, "cleaned_data", {})
        return data.get("start") or start, data.get("end") or end

    @staticmethod
    def default_period() -> tuple[date, date]:
        """From the first of the month twelve months ago to today."""
        now = today()
        start = (now.replace(day=1) - timedelta(days=335)).replace(day=1)
        return start, now


# --- courses ---------------------------------------------------------------------------


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    device = forms.ChoiceField(label=_("Device"), choices=Device.choices, initial=Device.COMPUTER)
    planned_hours = forms.DecimalField(
        label=_("Planned hours"),
        required=False,
        min_value=0.5,
        max_value=500,
        decimal_places=1,
        help_text=_("Leave empty for the usual length: 12 h on a computer, 14 h on a tablet."),
    )
    start_date = forms.DateField(label=_("Start"), widget=DateInput())
    end_date = forms.DateField(label=_("End"), required=False, widget=DateInput())
    capacity = forms.IntegerField(label=_("Capacity"), required=False, min_value=1, max_value=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referents"] = referent_choices_field()

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must be on or after the start date."))
        if start and start < EARLIEST_DATE:
            self.add_error("start_date", _("The date is too far in the past."))
        if data.get("planned_hours") is None and data.get("device"):
            data["planned_hours"] = Course.DEFAULT_HOURS[data["device"]]
        return data


class EnrolForm(forms.Form):
    beneficiary = forms.ModelChoiceField(
        label=_("Person (code)"),
        queryset=Beneficiary.objects.current(),
        to_field_name="code",
        widget=forms.TextInput(attrs={"placeholder": "P-XXXXXX", "autocapitalize": "characters"}),
    )

    def clean_beneficiary(self):
        return self.cleaned_data["beneficiary"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beneficiary"].error_messages["invalid_choice"] = _(
            "This person is not in this structure's registry."
        )


class CourseSessionForm(forms.Form):
    """One session of a course and who attended, in one screen."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start time"), required=False, widget=TimeInput())
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=MAX_DURATION_MINUTES, initial=120
    )

    def __init__(self, *args, course: Course, enrolled=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course
        self.fields["referents"] = referent_choices_field()
        self.fields["attendees"] = forms.MultipleChoiceField(
            label=_("Present"),
            choices=[(b.code, str(b)) for b in enrolled],
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )

    # The session's dates (not in the future, within the course) are checked by course_session_record.


class AssessmentForm(forms.Form):
    """Entry or exit levels on the competences the structure's programmes assess (``training.competences``)."""

    moment = forms.ChoiceField(label=_("Moment"), choices=AssessmentMoment.choices, widget=forms.RadioSelect)
    date = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args, competences=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.competences = list(competences)
        for code in self.competences:
            self.fields[f"competence_{code}"] = forms.TypedChoiceField(
                label=f"{code} {Competence(code).label}",
                choices=SkillLevel.choices,
                coerce=int,
                widget=forms.RadioSelect,
            )

    @staticmethod
    def initial_scores(scores: dict) -> dict:
        return {f"competence_{code}": level for code, level in scores.items()}

    # The date's rule (not in the future, not before 2000) is assessment_record's.

    def scores(self) -> dict:
        return {code: self.cleaned_data[f"competence_{code}"] for code in self.competences}


# --- import ----------------------------------------------------------------------------


class ImportForm(forms.Form):
    KIND_CHOICES = [("activities", _("Past activities")), ("people", _("People accompanied"))]

    kind = forms.ChoiceField(label=_("What the file contains"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    file = forms.FileField(label=_("File (CSV or XLSX)"))
