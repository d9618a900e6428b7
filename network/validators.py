"""Checks on what applicants type: SIRET numbers."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# La Poste's establishments share one SIREN and follow another checksum rule.
LA_POSTE_SIREN = "356000000"


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        n = int(char)
        if index % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def normalise_siret(value: str) -> str:
    return "".join((value or "").split()).replace(".", "").replace("-", "")


def validate_siret(value: str) -> None:
    """A SIRET is 14 digits whose Luhn checksum is right (La Poste: the digits sum to a multiple of 5)."""
    siret = normalise_siret(value)
    if len(siret) != 14 or not siret.isdigit():
        raise ValidationError(_("A SIRET number has exactly 14 digits."), code="siret_format")
    if siret.startswith(LA_POSTE_SIREN) and siret != LA_POSTE_SIREN + "00000":
        if sum(int(c) for c in siret) % 5 == 0:
            return
    if not luhn_valid(siret):
        raise ValidationError(
            _("This SIRET number is not valid (its check digit is wrong): please check it."), code="siret_checksum"
        )
