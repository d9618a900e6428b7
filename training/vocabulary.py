"""Reading a vocabulary value as people type it: the code or the French label, in any case, with or without
accents ("Sécurité numérique", "securite numerique", "securite_numerique" are the same theme).

Also the list of accepted values per import column, for the import page.
"""

import unicodedata

from django.utils import translation

from figures.enums import ActivityKind, Equipment, Gender, Level, PlaceType, SocialStatus, Theme
from training.enums import Autonomy, Referral


def fold(text) -> str:
    """Lower case, no accents, "_", "-" and apostrophes as spaces, spaces collapsed."""
    text = unicodedata.normalize("NFD", str(text or ""))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    for separator in ("_", "-", "'", "’"):
        text = text.replace(separator, " ")
    return " ".join(text.split())


def lookup(choices) -> dict[str, str]:
    """Folded spelling -> code: every code and every French label of ``choices``."""
    with translation.override("fr"):
        table = {fold(label): code for code, label in choices.choices}
    table.update({fold(code): code for code in choices.values})
    return table


def match_code(text, table: dict[str, str]) -> str | None:
    """The code that ``text`` names in a ``lookup`` table, or None."""
    return table.get(fold(text))


# The import columns that take a vocabulary value, as the import page lists them.
IMPORT_VOCABULARIES = {
    "type": ActivityKind,
    "niveau": Level,
    "thematiques": Theme,
    "materiel": Equipment,
    "lieu": PlaceType,
    "autonomie": Autonomy,
    "orientation": Referral,
    "genre": Gender,
    "statut": SocialStatus,
}


def accepted_values() -> list[tuple[str, list[tuple[str, str]]]]:
    """(column, [(code, label)]) for the import page."""
    return [
        (column, [(code, label) for code, label in choices.choices if code != ActivityKind.COURSE_SESSION])
        for column, choices in IMPORT_VOCABULARIES.items()
    ]
