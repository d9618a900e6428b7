from django import forms
from django.utils.translation import gettext_lazy as _

from cms.enums import Audience, DurationRange, Equipment, KitSort, Level, Theme
from cms.models import KitFeedback


def _with_blank(choices, blank_label):
    return [("", blank_label), *choices]


class KitFilterForm(forms.Form):
    """Filters of the kit index (GET): every field is optional."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    theme = forms.ChoiceField(label=_("Theme"), required=False, choices=_with_blank(Theme.choices, _("All themes")))
    level = forms.ChoiceField(label=_("Level"), required=False, choices=_with_blank(Level.choices, _("All levels")))
    audience = forms.ChoiceField(
        label=_("Public"), required=False, choices=_with_blank(Audience.choices, _("All publics"))
    )
    duration = forms.ChoiceField(
        label=_("Duration"), required=False, choices=_with_blank(DurationRange.choices, _("Any duration"))
    )
    equipment = forms.ChoiceField(
        label=_("Device"), required=False, choices=_with_blank(Equipment.choices, _("Any device"))
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=_with_blank(KitSort.choices, _("Relevance")))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"


class KitFeedbackForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        coerce=int,
        choices=[(value, str(value)) for value in range(KitFeedback.RATING_MIN, KitFeedback.RATING_MAX + 1)],
        widget=forms.RadioSelect,
        help_text=_("1 = not useful, 5 = very useful"),
    )

    class Meta:
        model = KitFeedback
        fields = ["rating", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "comment": _(
                "For the trainers: what worked, what to improve. The whole network reads it: name nobody, and "
                "give no phone number or e-mail address."
            )
        }
