"""The form of La Coop's import (see ``training.imports.coop``)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CoopImportForm(forms.Form):
    file = forms.FileField(
        label=_("La Coop's export (XLSX)"),
        help_text=_("The file downloaded from La Coop de la médiation numérique: My activities, Export."),
    )
