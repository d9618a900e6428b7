"""Parsers of one cell (text, number, date, vocabulary code), with the row's French messages."""

import datetime

from django.utils.translation import gettext as _

from training.imports.columns import Column
from training.imports.files import ImportRejected
from training.vocabulary import lookup as vocabulary_lookup
from training.vocabulary import match_code

MULTI_SEPARATOR = "|"


def parse_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_int(value, *, minimum=0) -> int | None:
    text = parse_text(value)
    if not text:
        return None
    try:
        number = int(text)
    except ValueError:
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text[:40]}) from None
    if number < minimum:
        raise ValueError(_("The number must be at least %(min)s.") % {"min": minimum})
    return number


def parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = parse_text(value)
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar date, no time)
        except ValueError:
            continue
    raise ValueError(_("“%(value)s” is not a date (YYYY-MM-DD or DD/MM/YYYY).") % {"value": text[:40]})


def vocabulary(choices):
    """Accepted spellings of a vocabulary: the code or the French label, any case, accents optional."""
    return vocabulary_lookup(choices)


def parse_choice(value, lookup) -> str:
    text = parse_text(value)
    if not text:
        return ""
    code = match_code(text, lookup)
    if code is None:
        raise ValueError(
            _("Unknown value “%(value)s”: the accepted values are listed on the import page.") % {"value": text[:40]}
        )
    return code


def parse_choices(value, lookup) -> list[str]:
    return [parse_choice(part, lookup) for part in parse_text(value).split(MULTI_SEPARATOR) if part.strip()]


def check_headers(headers: set, columns: list[Column]) -> None:
    missing = [c.name for c in columns if c.required and c.name not in headers]
    if missing:
        raise ImportRejected([(1, name, _("This required column is missing.")) for name in missing])
    known = {c.name for c in columns}
    unknown = sorted(headers - known)
    if unknown and not (headers & known):
        raise ImportRejected([(1, None, _("No known column: download the template and use its headers."))])
