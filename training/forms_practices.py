from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from figures.enums import DeskPurpose, EquipmentKind, Level, SocialStatus, Theme
from training.enums import EquipmentCondition
from training.models import Beneficiary, Referent


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PersonChoiceField(forms.ModelChoiceField):
    """A person of this structure's registry, by pseudonymous code."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Person (code)"))
        super().__init__(queryset=Beneficiary.objects.current(), to_field_name="code", **kwargs)
        self.error_messages["invalid_choice"] = _("No person with this code in this structure's registry.")
        self.widget = forms.TextInput(attrs={"placeholder": "P-XXXXXX", "autocomplete": "off"})


class EquipmentForm(forms.Form):
    beneficiary = PersonChoiceField()
    kind = forms.ChoiceField(label=_("What"), choices=EquipmentKind.choices)
    condition = forms.ChoiceField(
        label=_("Condition"), choices=[("", "—"), *EquipmentCondition.choices], required=False
    )
    date = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    partner = forms.CharField(label=_("Supplied by"), max_length=150, required=False)
    amount = forms.DecimalField(label=_("Amount (€)"), min_value=0, max_digits=8, decimal_places=2, required=False)
    duration_months = forms.IntegerField(label=_("Duration (months)"), min_value=1, max_value=120, required=False)
    requirement = forms.CharField(label=_("Condition attached"), max_length=200, required=False)


class DeskVisitForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=DeskPurpose.choices, widget=forms.RadioSelect)
    count = forms.IntegerField(label=_("Visits"), min_value=1, max_value=500, initial=1)
    social_status = forms.ChoiceField(
        label=_("Visitors' status"), choices=SocialStatus.choices, initial=SocialStatus.UNKNOWN
    )
    beneficiary = PersonChoiceField(label=_("Person helped by a mediator (code, optional)"), required=False)


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}))
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, max_value=1440, initial=90)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    themes = forms.MultipleChoiceField(
        label=_("Themes"), choices=Theme.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    level = forms.ChoiceField(label=_("Level"), choices=[("", "—"), *Level.choices], required=False)
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=500, initial=8)
    published = forms.BooleanField(label=_("Show on the public calendar"), required=False, initial=True)
    referents = forms.ModelMultipleChoiceField(
        label=_("Referents"),
        queryset=Referent.objects.active(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class RegistrationForm(forms.Form):
    beneficiary = PersonChoiceField(label=_("Person of the registry (code)"), required=False)
    label = forms.CharField(label=_("Or a first name or initials"), max_length=50, required=False)
    contact = forms.CharField(label=_("Phone or e-mail for a reminder (optional)"), max_length=120, required=False)


class PublicRegistrationForm(forms.Form):
    label = forms.CharField(label=_("Your first name"), max_length=50)
    contact = forms.CharField(label=_("Phone or e-mail, to remind you (optional)"), max_length=120, required=False)
    # A field hidden from people; robots fill it in.
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))


class MentorshipForm(forms.Form):
    mentor = PersonChoiceField(label=_("Mentor (code of a person who completed a course)"))
    mentee = PersonChoiceField(label=_("Newcomer (code)"))
    start_date = forms.DateField(label=_("Since"), widget=DateInput(), initial=timezone.localdate)


class AwarenessForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, max_value=1440, initial=90)
    invited_count = forms.IntegerField(label=_("People invited (letters, calls)"), min_value=0, required=False)
    anonymous_total = forms.IntegerField(label=_("Attendees"), min_value=1)
    followup_course_count = forms.IntegerField(
        label=_("Attendees who then enrolled in a course"), min_value=0, initial=0
    )
    followup_individual_count = forms.IntegerField(
        label=_("Attendees who then started an individual follow-up"), min_value=0, initial=0
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"), choices=Theme.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
