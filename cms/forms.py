from django import forms
from django.utils.translation import gettext_lazy as _

from cms.models import KitFeedback


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
