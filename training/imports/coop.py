"""Import of La Coop de la médiation numérique's activity export (its XLSX "Activités" sheet).

One row per activity report ("CRA"), French labels. Individual accompaniments become
drop-ins, collective ones workshops with their participants counted; anonymous people stay
anonymous; a named beneficiary is matched to, or given, a pseudonymous record (initials and a
keyed hash of the name, never the name). Each row keeps its "ID CRA" as the activity's
``external_id``: rows already imported are skipped, so a second import of the same file
creates nothing. All or nothing: ``coop_plan`` checks every row and raises ``ImportRejected``
with the line and column of each error; ``coop_import`` writes the plan in one transaction.
"""

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from figures.enums import ActivityKind, AgeBand, Equipment, Gender, Level, PlaceType, SocialStatus, Theme
from figures.models import BeneficiaryFact
from training import facts
from training.enums import Autonomy, Referral
from training.imports.activities import activities_bulk_write
from training.imports.files import MAX_ERRORS, ImportRejected, read_rows
from training.imports.parsers import parse_date, parse_int, parse_text
from training.models import Activity, Beneficiary, new_beneficiary_code
from training.services.activities import activity_rule_errors, normalise_breakdown
from training.services.common import in_structure

SHEET = "Activités"

# (key, header in La Coop's export, required)
COLUMNS = [
    ("date", "Date", True),
    ("type", "Type", True),
    ("participants", "Participants", False),
    ("channel", "Canaux d'accompagnement", False),
    ("place", "Nom du lieu", False),
    ("commune", "Commune", False),
    ("postcode", "Code postal", False),
    ("insee", "Code Insee", False),
    ("duration", "Durée (min)", True),
    ("title", "Nom de l'atelier", False),
    ("equipment", "Matériel", False),
    ("themes", "Thématique(s)", False),
    ("procedures", "Nom de la démarche administrative", False),
    ("autonomy", "Niveau d'autonomie (ou de l'atelier)", False),
    ("referred", "Bénéficiaire réorienté", False),
    ("referral", "Structure de redirection", False),
    ("gender", "Genre", False),
    ("age_band", "Tranche d'âge", False),
    ("status", "Statut", False),
    ("notes", "Notes", False),
    ("id", "ID CRA", True),
]
HEADERS = {key: header for key, header, _required in COLUMNS}
COLUMN_HELP = gettext_lazy(
    "The “Activités” sheet of La Coop's export, unchanged: one row per activity report, with its "
    "“ID CRA”. Rows already imported are skipped."
)


def normalise(text) -> str:
    """Lower case, no accents, punctuation as spaces: "Réseaux sociaux - Communication" -> "reseaux sociaux
    communication"."""
    text = unicodedata.normalize("NFKD", parse_text(text).replace("(e)", "").replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9+]+", " ", text).split())


def _lookup(choices, **aliases) -> dict[str, str]:
    """A vocabulary's accepted spellings: its code, its labels (English and French), La Coop's labels."""
    from django.utils import translation

    lookup = {}
    for language in ("en", "fr"):
        with translation.override(language):
            lookup.update({normalise(label): code for code, label in choices.choices})
    lookup.update({normalise(code): code for code in choices.values})
    lookup.update({normalise(label): code for code, labels in aliases.items() for label in labels.split("|")})
    return lookup


KINDS = {
    normalise(label): kind
    for label, kind in (
        ("individuel", ActivityKind.DROPIN),
        ("accompagnement individuel", ActivityKind.DROPIN),
        ("demarche", ActivityKind.DROPIN),
        ("demarche administrative", ActivityKind.DROPIN),
        ("aide aux demarches administratives", ActivityKind.DROPIN),
        ("collectif", ActivityKind.WORKSHOP),
        ("atelier", ActivityKind.WORKSHOP),
        ("atelier collectif", ActivityKind.WORKSHOP),
    )
}
LOOKUPS = {
    "channel": _lookup(
        PlaceType,
        lieu_activite="Lieu d'activité|Sur un lieu d'activité|Sur place|Lieu",
        domicile="À domicile|Domicile",
        a_distance="À distance|Distance|Téléphone ou visio",
        autre="Autre lieu|Autre",
    ),
    "equipment": _lookup(
        Equipment,
        ordinateur="Ordinateur",
        telephone="Téléphone|Smartphone",
        tablette="Tablette",
        autre="Autre matériel",
        aucun="Pas de matériel|Aucun matériel",
    ),
    "themes": _lookup(
        Theme,
        reseaux_sociaux="Réseaux sociaux communication|Réseaux sociaux et communication",
        securite_numerique="Prévention en sécurité numérique|Sécurité numérique",
        intelligence_artificielle="Intelligence artificielle (IA)|IA",
        email="E-mail|Mail|Courriel|Courriels",
        gere_ses_contenus_numeriques="Gérer ses contenus numériques",
        prendre_en_main_du_materiel="Prendre en main du matériel|Prise en main du matériel",
        banque_et_achats_en_ligne="Banque et achats en ligne|Achats en ligne",
    ),
    "level": _lookup(Level),
    "autonomy": _lookup(Autonomy, entierement_accompagne="Entièrement accompagné|Pas autonome"),
    "referral": _lookup(Referral, autre="Autre structure"),
    "gender": _lookup(Gender, masculin="Homme|M", feminin="Femme|F", non_communique="Non renseigné|NC"),
    "age_band": _lookup(
        AgeBand,
        moins_de_douze="Moins de 12 ans|-12 ans",
        douze_dix_huit="12-18 ans|12-17 ans",
        dix_huit_vingt_quatre="18-24 ans",
        vingt_cinq_trente_neuf="25-39 ans",
        quarante_cinquante_neuf="40-59 ans",
        soixante_soixante_neuf="60-69 ans",
        soixante_dix_plus="70 ans et plus|70 ans et +|Plus de 70 ans|70+",
        non_communique="Non renseigné|NC",
    ),
    "status": _lookup(
        SocialStatus,
        scolarise="Scolarisé|Étudiant",
        sans_emploi="Sans emploi|Demandeur d'emploi",
        en_emploi="En emploi|Salarié",
        retraite="Retraité",
        non_communique="Non renseigné|NC",
    ),
}
YES = {"oui", "yes", "vrai", "true", "1", "x"}
NO = {"non", "no", "faux", "false", "0", ""}
ANONYMOUS = {"anonyme", "anonymes", "beneficiaire anonyme", "beneficiaires anonymes", "participant anonyme"}
SEPARATORS = re.compile(r"[,;|\n]")
COUNTED = re.compile(r"^(?P<label>.*?)\s*(?:[:(]\s*(?P<n>\d+)\s*\)?|\s(?P<n2>\d+))$")
FIELD_COLUMNS = {
    "date": "date",
    "duration_minutes": "duration",
    "themes": "themes",
    "beneficiaries": "participants",
    "anonymous_total": "participants",
    "anonymous_already_seen": "participants",
    "anonymous_gender": "gender",
    "anonymous_age_band": "age_band",
    "anonymous_status": "status",
}


@dataclass
class PlannedRow:
    line: int
    external_id: str
    activity: Activity
    followed: list = field(default_factory=list)  # existing pks, or keys of people to create

    @property
    def participants(self) -> int:
        return self.activity.anonymous_total + len(self.followed)


@dataclass
class Plan:
    """What an import will create: shown as a preview, then written as is."""

    rows: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (line, ID CRA) already imported
    new_people: dict = field(default_factory=dict)  # key -> unsaved Beneficiary
    matched_people: set = field(default_factory=set)

    @property
    def workshops(self) -> int:
        return sum(r.activity.kind == ActivityKind.WORKSHOP for r in self.rows)

    @property
    def dropins(self) -> int:
        return sum(r.activity.kind == ActivityKind.DROPIN for r in self.rows)

    @property
    def anonymous(self) -> int:
        return sum(r.activity.anonymous_total for r in self.rows)

    @property
    def participations(self) -> int:
        return sum(len(r.followed) for r in self.rows)


def person_key(name: str) -> str:
    """A keyed hash of a normalised name: the same person matches on the next import; the name is not kept."""
    return hmac.new(settings.SECRET_KEY.encode(), b"coop:" + normalise(name).encode(), hashlib.sha256).hexdigest()


def initials(name: str) -> str:
    return " ".join(part[0].upper() + "." for part in parse_text(name).replace("-", " ").split() if part[0].isalpha())[
        :50
    ]


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _find_header(rows: list[list]) -> tuple[int, dict[str, int]]:
    """The header row (La Coop puts a title and the filters above it) and the index of each column."""
    wanted = {normalise(header): key for key, header, _required in COLUMNS}
    for index, row in enumerate(rows[:30]):
        positions = {}
        for position, cell in enumerate(row):
            key = wanted.get(normalise(cell))
            if key and key not in positions:
                positions[key] = position
        if "date" in positions and "type" in positions:
            missing = [HEADERS[k] for k, _h, required in COLUMNS if required and k not in positions]
            if missing:
                raise ImportRejected([(index + 1, name, _("This required column is missing.")) for name in missing])
            return index, positions
    raise ImportRejected(
        [(None, None, _("No “Date” and “Type” columns: send the “Activités” sheet of La Coop's export."))]
    )


def _choice(value, lookup) -> str:
    text = normalise(value)
    if not text:
        return ""
    if text not in lookup:
        raise ValueError(_("Unknown value “%(value)s”.") % {"value": parse_text(value)[:40]})
    return lookup[text]


def _choices(value, lookup) -> list[str]:
    codes = [_choice(part, lookup) for part in SEPARATORS.split(parse_text(value)) if part.strip()]
    return list(dict.fromkeys(codes))


def _counts(value, lookup, total: int) -> dict[str, int]:
    """ "Féminin (2), Masculin (1)" or "Féminin: 2" or a single label for every participant."""
    parts = [p.strip() for p in SEPARATORS.split(parse_text(value)) if p.strip()]
    counts = {}
    for part in parts:
        match = COUNTED.match(part)
        number = match and (match.group("n") or match.group("n2"))
        label = match.group("label") if number else part
        code = _choice(label, lookup)
        if number:
            counts[code] = counts.get(code, 0) + int(number)
        elif len(parts) == 1:
            counts[code] = total
        else:
            raise ValueError(_("Give the number of participants for each value, e.g. “Féminin (2), Masculin (1)”."))
    return {code: n for code, n in counts.items() if n}


def _yes_no(value) -> bool:
    text = normalise(value)
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(_("Answer “Oui” or “Non”."))


def coop_plan(*, structure, uploaded) -> Plan:
    """Check every row of the export and say what an import would create; nothing is written."""
    raw = read_rows(uploaded, sheet=SHEET)
    header_index, positions = _find_header(raw)
    with in_structure(structure):
        imported = set(Activity.objects.exclude(external_id="").values_list("external_id", flat=True))
        people_by_key = dict(Beneficiary.objects.current().exclude(external_key="").values_list("external_key", "pk"))
        people_by_code = dict(Beneficiary.objects.current().values_list("code", "pk"))
    plan, errors, seen_ids = Plan(), [], {}
    for offset, cells in enumerate(raw[header_index + 1 :]):
        line = header_index + offset + 2
        row = {key: cells[pos] if pos < len(cells) else None for key, pos in positions.items()}
        if not any(parse_text(v) for v in row.values()):
            continue
        row_errors = []

        def where(key, positions=positions):
            return f"{HEADERS[key]} ({_column_letter(positions[key])})" if key in positions else HEADERS[key]

        def parse(key, function, row=row, row_errors=row_errors, line=line):
            try:
                return function(row.get(key))
            except ValueError as error:
                row_errors.append((line, where(key), str(error)))
                return None

        external_id = parse_text(row.get("id"))[:64]
        if not external_id:
            row_errors.append((line, where("id"), _("This value is required.")))
        elif external_id in seen_ids:
            row_errors.append((line, where("id"), _("Same ID CRA as line %(line)s.") % {"line": seen_ids[external_id]}))
        else:
            seen_ids[external_id] = line
        if external_id in imported:
            plan.skipped.append((line, external_id))
            continue
        kind = KINDS.get(normalise(row.get("type")))
        if kind is None:
            row_errors.append(
                (
                    line,
                    where("type"),
                    _("Unknown type “%(value)s”: expected “Individuel” or “Collectif”.")
                    % {"value": parse_text(row.get("type"))[:40] or "–"},
                )  # fmt: skip
            )
        when = parse("date", parse_date)
        duration = parse("duration", lambda v: parse_int(v, minimum=1))
        if duration is None and not any(e[1] == where("duration") for e in row_errors):
            row_errors.append((line, where("duration"), _("This value is required.")))
        themes = parse("themes", lambda v: _choices(v, LOOKUPS["themes"])) or []
        procedures = parse("procedures", lambda v: _choices(v, LOOKUPS["themes"])) or []
        themes = list(dict.fromkeys(themes + procedures))
        if normalise(row.get("type")).startswith(("demarche", "aide aux demarches")) and Theme.ADMIN_HELP not in themes:
            themes.insert(0, Theme.ADMIN_HELP)
        # Participants: a number (anonymous), "Anonyme", a platform code (P-XXXXXX) or a name.
        anonymous, followed, names = 0, [], {}
        for part in SEPARATORS.split(parse_text(row.get("participants"))):
            part = part.strip()
            text = normalise(part)
            count = re.fullmatch(r"(\d+)(?: (?:participants?|personnes?|anonymes?|beneficiaires?))*", text)
            if not text:
                continue
            if count:
                anonymous += int(count.group(1))
            elif text in ANONYMOUS:
                anonymous += 1
            elif part.upper() in people_by_code:
                followed.append(people_by_code[part.upper()])
            else:
                key = person_key(part)
                if key in people_by_key:
                    followed.append(people_by_key[key])
                    plan.matched_people.add(people_by_key[key])
                else:
                    followed.append(key)
                    names[key] = part
        followed = list(dict.fromkeys(followed))
        if not followed and not anonymous and kind == ActivityKind.DROPIN:
            anonymous = 1
        activity = Activity(
            kind=kind or ActivityKind.WORKSHOP,
            date=when,
            duration_minutes=duration or 1,
            place_type=parse("channel", lambda v: _choice(v, LOOKUPS["channel"])) or PlaceType.SITE,
            place_name=_place_name(row),
            title=parse_text(row.get("title"))[:200],
            themes=themes,
            equipment=parse("equipment", lambda v: _choices(v, LOOKUPS["equipment"])) or [],
            notes=parse_text(row.get("notes"))[:5000],
            anonymous_total=anonymous,
            external_id=external_id,
        )
        if kind == ActivityKind.WORKSHOP:
            activity.level = parse("autonomy", lambda v: _choice(v, LOOKUPS["level"])) or ""
        elif kind == ActivityKind.DROPIN:
            activity.autonomy = parse("autonomy", lambda v: _choice(v, LOOKUPS["autonomy"])) or ""
            referred = parse("referred", _yes_no)
            referral = parse("referral", lambda v: _choice(v, LOOKUPS["referral"])) or ""
            if referred or (referred is None and referral):
                activity.referral = referral or Referral.OTHER
        breakdown = {}
        for key, dimension in (("gender", "gender"), ("age_band", "age_band"), ("status", "status")):
            counts = parse(key, lambda v, key=key, n=anonymous or 1: _counts(v, LOOKUPS[key], n)) or {}
            breakdown[dimension] = counts
        if not row_errors:
            rules = activity_rule_errors(activity, len(followed))
            row_errors += [(line, where(FIELD_COLUMNS.get(f, "type")), m) for f, m in rules.items()]
        if not row_errors:
            try:
                activity.anonymous_breakdown = normalise_breakdown(anonymous, breakdown if anonymous else {})
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    row_errors += [(line, where(FIELD_COLUMNS.get(name, "gender")), m) for m in messages]
        if not row_errors:
            alone = len(followed) == 1 and not anonymous
            for key, name in names.items():
                if key not in plan.new_people:
                    plan.new_people[key] = _new_person(name, row, breakdown if alone else {})
        errors.extend(row_errors)
        if len(errors) >= MAX_ERRORS:
            break
        plan.rows.append(PlannedRow(line=line, external_id=external_id, activity=activity, followed=followed))
    if errors:
        raise ImportRejected(errors[:MAX_ERRORS])
    if not plan.rows and not plan.skipped:
        raise ImportRejected([(None, None, _("The file has no activity."))])
    for key, person in plan.new_people.items():
        person.external_key = key
    return plan


def _place_name(row) -> str:
    place = parse_text(row.get("place"))
    commune = parse_text(row.get("commune"))
    postcode = parse_text(row.get("postcode"))
    if place:
        return place[:150]
    return (f"{commune} ({postcode})" if commune and postcode else commune)[:150]


def _new_person(name: str, row, breakdown: dict) -> Beneficiary:
    """A pseudonymous record: initials only; the row's gender and status when they describe this person alone."""
    gender = next(iter(breakdown.get("gender") or {}), None)
    status = next(iter(breakdown.get("status") or {}), None)
    return Beneficiary(
        label=initials(name),
        gender=gender or Gender.UNKNOWN,
        social_status=status or SocialStatus.UNKNOWN,
        commune=parse_text(row.get("commune"))[:120],
    )


def coop_import(*, structure, user, plan: Plan, source: str = "") -> int:
    """Write a checked plan: its new people, then its activities, all or nothing. Returns the activities created."""
    try:
        with in_structure(structure), transaction.atomic():
            ids = [r.external_id for r in plan.rows]
            if Activity.objects.filter(external_id__in=ids).exists():
                raise ImportRejected([(None, None, _("This file was imported meanwhile: send it again."))])
            people = list(plan.new_people.values())
            taken = set(Beneficiary.objects.values_list("code", flat=True))
            for person in people:
                while person.code in taken:
                    person.code = new_beneficiary_code()
                taken.add(person.code)
            Beneficiary.objects.bulk_create(people, batch_size=1000)
            BeneficiaryFact.objects.bulk_create(facts.beneficiary_fact(structure, p) for p in people)
            pks = {key: person.pk for key, person in plan.new_people.items()}
            parsed = []
            for row in plan.rows:
                row.activity.created_by_id = user.pk
                person_ids = sorted({pks.get(p, p) if isinstance(p, str) else p for p in row.followed})
                fact_values = facts.activity_fact_values(row.activity, len(person_ids))
                parsed.append((row.activity, person_ids, set(), fact_values))
            activities_bulk_write(structure=structure, user=user, parsed=parsed, source=source or "La Coop")
    except IntegrityError:
        raise ImportRejected([(None, None, _("This file was imported meanwhile: send it again."))]) from None
    return len(plan.rows)
