"""The form of a shared figures link: the dashboard's filters, a title and an expiry date."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.forms import DATE, FiguresFilterForm


def default_expiry() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=90)


class SharedFiguresForm(FiguresFilterForm):
    title = forms.CharField(
        label=_("Title (who the link is for)"), max_length=200, required=False
    )  # checked by the service
    expires_on = forms.DateField(label=_("Expires on"), widget=DATE, initial=default_expiry)
    field_order = ["title", "expires_on", "programme", "start", "end", "structures", "kinds"]

    def __init__(self, *args, for_structure=False, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["compare"]  # a shared link shows one period
        if for_structure:
            del self.fields["programme"], self.fields["structures"]

    def filters(self) -> dict:
        if "structures" not in self.fields:
            data = self.cleaned_data
            return {"start": data.get("start"), "end": data.get("end"), "kinds": data.get("kinds") or None}
        return self.scope()
