"""Import of a LaMednum places file (e.g. a département's) into the network's directory.

Rows are matched to the relay structures by SIRET (``pivot``); a matched structure takes the
file's place details (address, position, contact, opening hours, presentation) where the file
has them; a place that is not one of the network's relays is listed and left alone. All or
nothing: ``lamednum_plan`` checks every row and raises ``PlacesRejected`` with the line and
column of each error; ``lamednum_import`` writes the plan in one transaction.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from network.opendata import EMAIL, INSEE, PIVOT, POSTCODE, WEBSITE, _text, normalise_phone
from tenants.models import Structure

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_ERRORS = 200
REQUIRED = ("pivot", "nom", "commune", "code_postal", "adresse")
# LaMednum column -> structure field, in the order shown in the preview.
FIELDS = {
    "adresse": "address",
    "code_postal": "postcode",
    "commune": "commune",
    "code_insee": "insee_code",
    "latitude": "latitude",
    "longitude": "longitude",
    "telephone": "phone",
    "courriels": "email",
    "site_web": "website",
    "horaires": "opening_hours",
    "presentation_resume": "summary",
}


class PlacesRejected(Exception):
    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


@dataclass
class PlacesPlan:
    updates: list = field(default_factory=list)  # (structure, {field: (old, new)})
    unchanged: list = field(default_factory=list)  # structures already up to date
    unknown: list = field(default_factory=list)  # (line, pivot, nom): not a relay of the network


def _rows(uploaded) -> list[dict]:
    data = uploaded.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise PlacesRejected([(None, None, _("The file is too big (more than 5 MB)."))])
    if not data.strip():
        raise PlacesRejected([(None, None, _("The file is empty."))])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PlacesRejected([(None, None, _("The file is not encoded in UTF-8."))]) from None
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:
        raise PlacesRejected([(None, None, _("The CSV file is malformed: %(error)s") % {"error": error})]) from None
    headers = [h.strip().lower() for h in rows[0]]
    missing = [name for name in REQUIRED if name not in headers]
    if missing:
        raise PlacesRejected([(1, name, _("This required column is missing.")) for name in missing])
    if len(rows) - 1 > MAX_ROWS:
        raise PlacesRejected([(None, None, _("The file has more than %(max)s rows: split it.") % {"max": MAX_ROWS})])
    result = []
    for line, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        row = {headers[i]: cells[i].strip() for i in range(min(len(headers), len(cells)))}
        row["__line__"] = line
        result.append(row)
    return result


def _coordinate(value: str, limit: int) -> Decimal:
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value[:40]}) from None
    if not -limit <= number <= limit:
        raise ValueError(_("The coordinate must be between -%(limit)s and %(limit)s.") % {"limit": limit})
    return number.quantize(Decimal("0.000001"))


def _values(row: dict, errors: list) -> dict:
    """The structure fields a row brings (only those it fills), each checked against the schema."""
    line = row["__line__"]
    values = {}

    def check(column, function):
        raw = row.get(column, "")
        if not raw:
            return
        try:
            values[FIELDS[column]] = function(raw)
        except ValueError as error:
            errors.append((line, column, str(error)))

    def pattern(regex, message):
        def parse(raw):
            if not regex.match(raw):
                raise ValueError(message)
            return raw

        return parse

    def phone(raw):
        number = normalise_phone(raw)
        if not number:
            raise ValueError(_("“%(value)s” is not a phone number.") % {"value": raw[:40]})
        return number

    def first(regex, message, max_length):
        def parse(raw):
            value = raw.split("|")[0].strip()
            if not regex.match(value) or len(value) > max_length:
                raise ValueError(message % {"value": value[:60]})
            return value

        return parse

    def text(max_length):
        def parse(raw):
            value = _text(raw)
            if len(value) > max_length:
                raise ValueError(_("At most %(max)s characters.") % {"max": max_length})
            return value

        return parse

    check("adresse", text(255))
    check("code_postal", pattern(POSTCODE, _("A postcode has 5 digits.")))
    check("commune", text(120))
    check("code_insee", pattern(INSEE, _("An INSEE code has 5 characters, e.g. 59350.")))
    check("latitude", lambda raw: _coordinate(raw, 90))
    check("longitude", lambda raw: _coordinate(raw, 180))
    check("telephone", phone)
    check("courriels", first(EMAIL, _("“%(value)s” is not an e-mail address."), 254))
    check("site_web", first(WEBSITE, _("“%(value)s” is not a web address (https://…)."), 200))
    check("horaires", text(255))
    check("presentation_resume", text(280))
    return values


def lamednum_plan(*, uploaded) -> PlacesPlan:
    rows = _rows(uploaded)
    relays = {s.siret.replace(" ", ""): s for s in Structure.objects.relays().exclude(siret="")}
    plan, errors, seen = PlacesPlan(), [], {}
    for row in rows:
        line = row["__line__"]
        for column in REQUIRED:
            if not row.get(column):
                errors.append((line, column, _("This value is required.")))
        pivot = row.get("pivot", "").replace(" ", "")
        if pivot and not PIVOT.match(pivot):
            errors.append((line, "pivot", _("A SIRET has 14 digits (or an RNA or SIREN, 9 to 14 characters).")))
        elif pivot in seen:
            errors.append((line, "pivot", _("Same SIRET as line %(line)s.") % {"line": seen[pivot]}))
        seen.setdefault(pivot, line)
        values = _values(row, errors)
        if len(errors) >= MAX_ERRORS:
            break
        structure = relays.get(pivot)
        if structure is None:
            plan.unknown.append((line, pivot, row.get("nom", "")))
            continue
        changes = {
            name: (getattr(structure, name), value)
            for name, value in values.items()
            if str(getattr(structure, name) if getattr(structure, name) is not None else "") != str(value)
        }
        if changes:
            plan.updates.append((structure, changes))
        else:
            plan.unchanged.append(structure)
    if errors:
        raise PlacesRejected(errors[:MAX_ERRORS])
    return plan


def lamednum_import(*, plan: PlacesPlan) -> int:
    """Write a checked plan, all or nothing. Returns the number of structures updated."""
    with transaction.atomic():
        for structure, changes in plan.updates:
            fresh = Structure.objects.select_for_update().get(pk=structure.pk)
            for name, (_old, new) in changes.items():
                setattr(fresh, name, new)
            fresh.full_clean(exclude=["schema_name", "slug"])
            fresh.save(update_fields=[*changes, "updated_at"])
    return len(plan.updates)
