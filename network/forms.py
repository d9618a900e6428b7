from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from figures.enums import ActivityKind
from figures.periods import CompareMode, comparison_period, period_check
from figures.reference import DEFAULT_COMPETENCES, Competence
from network.antispam import form_token
from network.enums import ApplicationStatus, Indicator, Public
from network.models import (
    Application,
    Call,
    CoachingMeeting,
    Funding,
    MilestoneTemplate,
    Programme,
    RecordedIndicator,
    TrainingModule,
    TrainingSession,
)
from network.validators import normalise_siret, validate_siret
from tenants.enums import NetworkRole
from tenants.models import Structure, User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeForm(forms.ModelForm):
    age_bands_text = forms.CharField(
        label=_("Age bands"),
        required=False,
        max_length=100,
        help_text=_(
            "The ages where the bands its funders ask for begin, separated by commas: “25, 45” gives under 25, "
            "25–44, 45 and over. Its funders are set on the programme's page."
        ),
    )
    competences = forms.MultipleChoiceField(
        label=_("Competences assessed"),
        choices=[(code, format_lazy("{} {}", code, label)) for code, label in Competence.choices],
        widget=forms.CheckboxSelectMultiple,
        initial=list(DEFAULT_COMPETENCES),
        required=False,
        help_text=_(
            "The competences of the Pix / DigComp reference that the structures' entry and exit assessments score."
        ),
    )

    class Meta:
        model = Programme
        fields = ["name", "territory", "start", "end", "description", "budget", "report_notes"]
        widgets = {
            "start": DATE,
            "end": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
            "report_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["competences"] = list(self.instance.competences)
            self.initial["age_bands_text"] = self.instance.age_bands_display()


class CallForm(forms.ModelForm):
    class Meta:
        model = Call
        fields = ["title", "opens", "closes", "description"]
        widgets = {"opens": DATE, "closes": DATE, "description": forms.Textarea(attrs={"rows": 4})}


class ApplicationForm(forms.ModelForm):
    """The public form. ``website`` is a honeypot: hidden from people, filled by robots."""

    publics = forms.MultipleChoiceField(
        label=_("Publics you serve"), choices=Public.choices, widget=forms.CheckboxSelectMultiple, required=True
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Application
        fields = [
            "structure_name", "kind", "siret", "address", "postcode", "commune",
            "contact_first_name", "contact_last_name", "contact_job_title", "contact_email", "contact_phone",
            "motivation", "publics",
        ]  # fmt: skip
        widgets = {"motivation": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"siret": _("14 digits, as on the INSEE notice.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = form_token()
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["siret"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["postcode"].widget.attrs.update({"inputmode": "numeric", "pattern": "[0-9]{5}"})
        self.fields["contact_email"].widget.attrs.update({"autocomplete": "email"})

    def clean_siret(self):
        siret = normalise_siret(self.cleaned_data.get("siret", ""))
        validate_siret(siret)
        return siret

    def clean_postcode(self):
        postcode = (self.cleaned_data.get("postcode") or "").strip()
        if not (len(postcode) == 5 and postcode.isdigit()):
            raise forms.ValidationError(_("A postcode has 5 digits."))
        return postcode

    def visible_without_honeypot(self):
        return [f for f in self.visible_fields() if f.name != "website"]


class RejectForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the applicant"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sent by e-mail to the applicant's contact."),
    )


class SelectForm(forms.Form):
    slug = forms.SlugField(
        label=_("Address on the platform"),
        max_length=50,
        required=False,
        help_text=_("The structure's subdomain; left empty, it is made from its name."),
    )


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + list(ApplicationStatus.choices), required=False
    )


class NeedsForm(forms.Form):
    needs = forms.CharField(
        label=_("Needs found at the start"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class MilestoneForm(forms.Form):
    milestone = forms.IntegerField(widget=forms.HiddenInput)
    due_date = forms.DateField(label=_("Due date"), widget=DATE)
    completed_on = forms.DateField(label=_("Completed on"), widget=DATE, required=False)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = CoachingMeeting
        fields = ["date", "kind", "notes"]
        widgets = {"date": DATE, "notes": forms.Textarea(attrs={"rows": 3})}


class MilestoneTemplateForm(forms.ModelForm):
    class Meta:
        model = MilestoneTemplate
        fields = ["code", "title", "order", "offset_days", "active"]


class TrainingSessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["module", "date", "remote", "place", "trainer", "capacity", "programme"]
        widgets = {"date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = TrainingModule.objects.all()
        self.fields["trainer"].queryset = User.objects.filter(
            network_role__in=[NetworkRole.TRAINER, NetworkRole.COORDINATOR]
        ).order_by("last_name")


class RegistrationForm(forms.Form):
    structure = forms.ModelChoiceField(label=_("Structure"), queryset=Structure.objects.none())
    referent = forms.TypedChoiceField(label=_("Referent"), coerce=int, choices=[])

    def __init__(self, *args, referents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = Structure.objects.active()
        self.fields["referent"].choices = [("", "—")] + [(r.pk, str(r)) for r in referents]


class TargetForm(forms.Form):
    structure = forms.ModelChoiceField(
        label=_("Structure"), queryset=Structure.objects.none(), required=False, empty_label=_("Whole programme")
    )
    indicator = forms.ChoiceField(label=_("Indicator"), choices=Indicator.choices)
    value = forms.IntegerField(label=_("Target"), min_value=1, max_value=10_000_000)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = Structure.objects.filter(coaching_plans__programme=programme)


class FundingForm(forms.ModelForm):
    """A funder of the programme; the rules (shares, amounts, budget) are ``network.services``'."""

    class Meta:
        model = Funding
        fields = ["funder", "kind", "amount", "share"]
        help_texts = {
            "share": _("Percent of the budget; left empty, it is computed from the amount."),
        }


class RecordedIndicatorForm(forms.ModelForm):
    """A figure that comes from elsewhere (a partner service, an external platform), with its source."""

    structure = forms.ModelChoiceField(
        label=_("Structure"), queryset=Structure.objects.none(), required=False, empty_label=_("Whole programme")
    )

    class Meta:
        model = RecordedIndicator
        fields = ["label", "value", "unit", "date", "source", "target", "structure"]
        widgets = {"date": DATE}
        help_texts = {
            "label": _("E.g. “Invitation letters sent”, “Logins to the e-learning platform”."),
            "source": _("Required: where the figure comes from, e.g. “RSA service”, “export of the platform”."),
            "unit": _("Optional, e.g. “letters”, “logins”."),
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = Structure.objects.filter(coaching_plans__programme=programme)
        # Required, but by the service's rule and message (the same through the API).
        self.fields["source"].required = False


class FiguresFilterForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.all(), required=False, empty_label=_("All programmes")
    )
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)
    structures = forms.ModelMultipleChoiceField(
        label=_("Structures"), queryset=Structure.objects.none(), required=False, widget=forms.SelectMultiple
    )
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of activity"), choices=ActivityKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    compare = forms.ChoiceField(
        label=_("Compare with"), choices=[("", _("No comparison")), *CompareMode.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structures"].queryset = Structure.objects.relays().order_by("name")

    def clean(self):
        data = super().clean()
        try:
            period_check(data.get("start"), data.get("end"))
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                self.add_error(name, messages)
            return data
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The start of the period must be before its end."))
        if data.get("compare"):
            programme = data.get("programme")
            start = data.get("start") or (programme.start if programme else None)
            end = data.get("end") or (programme.end if programme else None)
            try:
                comparison_period(start, end, data["compare"])
            except ValidationError as error:
                self.add_error("compare", error.messages)
        return data

    def comparison_scope(self) -> dict | None:
        """The scope of the figures compared with (same structures and kinds, the period compared with)."""
        if not self.is_valid() or not self.cleaned_data.get("compare"):
            return None
        scope = self.scope()
        start, end = comparison_period(scope["start"], scope["end"], self.cleaned_data["compare"])
        return {**scope, "start": start, "end": end}

    def scope(self) -> dict:
        """The arguments of ``compute_figures``: a programme brings its period and structures."""
        data = self.cleaned_data if self.is_valid() else {}
        programme = data.get("programme")
        start, end = data.get("start"), data.get("end")
        structure_ids = [s.pk for s in data.get("structures") or []] or None
        if programme:
            start = start or programme.start
            end = end or programme.end
            programme_ids = list(programme.plans.values_list("structure_id", flat=True))
            structure_ids = [i for i in structure_ids if i in programme_ids] if structure_ids else programme_ids
        return {"structure_ids": structure_ids, "start": start, "end": end, "kinds": data.get("kinds") or None}


class CompareForm(forms.Form):
    """The funder report's control: compare the programme's period with another."""

    compare = forms.ChoiceField(
        label=_("Compare with"), choices=[("", _("No comparison")), *CompareMode.choices], required=False
    )
