"""The directory of relay structures in the national places format (LaMednum "standard-mediation-num" 1.0).

Only structures with the required details (SIRET, address, postcode) are published.
"""

import re

from tenants.enums import StructureKind

LAMEDNUM_FIELDS = [
    "id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "complement_adresse",
    "latitude", "longitude", "typologie", "telephone", "courriels", "site_web", "horaires",
    "presentation_resume", "presentation_detail", "source", "itinerance", "structure_parente", "date_maj",
    "services", "publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
    "dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels", "modalites_acces",
    "modalites_accompagnement", "fiche_acces_libre", "prise_rdv",
]  # fmt: skip

# Typologies of data·inclusion's vocabulary.
TYPOLOGIE = {
    StructureKind.CCAS: "CCAS",
    StructureKind.ESAT: "ESAT",
    StructureKind.ASSOCIATION: "ASSO",
    StructureKind.LIBRARY: "BIB",
    StructureKind.FRANCE_SERVICES: "MSAP",
}
SERVICES = (
    "Aide aux démarches administratives|Maîtrise des outils numériques du quotidien|Utilisation sécurisée du numérique"
)
PROGRAMME = "Relais numérique (Emmaüs Connect)"
ACCOMPANIMENT = "Accompagnement individuel|Dans un atelier collectif"
SOURCE = "Relais numérique"


def _text(value) -> str:
    """Free text, on one line, never starting like a spreadsheet formula."""
    return " ".join(str(value or "").split()).lstrip("=+-@")


# The schema's patterns (standard-mediation-num 1.0): a value that does not match is left out, never published.
PHONE = re.compile(r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$")
PIVOT = re.compile(r"^[a-zA-Z0-9]{9,14}$")
POSTCODE = re.compile(r"^\d{5}$")
INSEE = re.compile(r"^([013-9]\d|2[AB1-9])\d{3}$")
EMAIL = re.compile(r"^[^@\s|]+@[^@\s|]+\.[^@\s|]+$")
WEBSITE = re.compile(r"^https?://[^\s|]+$")


def normalise_phone(value: str) -> str:
    """E.164 as the schema wants it: "+33 (0)3 20 44 55 66", "0033 3 20…", "03.20.44.55.66" -> "+33320445566";
    anything that still does not match the schema's pattern gives ""."""
    text = (value or "").strip().replace("(0)", "")
    digits = "".join(c for c in text if c.isdigit())
    if text.startswith("+"):
        number = "+" + digits
    elif digits.startswith("00"):
        number = "+" + digits[2:]
    elif digits.startswith("0") and len(digits) == 10:
        number = "+33" + digits[1:]
    else:
        return ""
    if number.startswith("+330"):  # "+33 0 3 20…": the trunk 0 typed after the country code
        number = "+33" + number[4:]
    return number if PHONE.match(number) else ""


def _matching(value, pattern) -> str:
    value = (value or "").strip()
    return value if pattern.match(value) else ""


def publishable(structure) -> bool:
    return bool(
        PIVOT.match((structure.siret or "").replace(" ", ""))
        and _text(structure.address)
        and POSTCODE.match(structure.postcode or "")
        and _text(structure.commune)
        and _text(structure.name)
    )


def access_modes(*, phone: str, email: str) -> str:
    """How to reach the place, consistent with its contact data: no "Téléphoner" without a phone number."""
    modes = ["Se présenter"]
    if phone:
        modes.append("Téléphoner")
    if email:
        modes.append("Contacter par mail")
    return "|".join(modes)


def lamednum_rows(structures):
    for s in structures:
        if not publishable(s):
            continue
        row = dict.fromkeys(LAMEDNUM_FIELDS, "")
        phone = normalise_phone(s.phone)
        email = _matching(s.email, EMAIL)
        row.update(
            {
                "id": f"relais-numerique-{s.slug}",
                "pivot": s.siret.replace(" ", ""),
                "nom": _text(s.name),
                "commune": _text(s.commune),
                "code_postal": s.postcode,
                "code_insee": _matching(s.insee_code, INSEE),
                "adresse": _text(s.address),
                "latitude": "" if s.latitude is None else str(s.latitude),
                "longitude": "" if s.longitude is None else str(s.longitude),
                "typologie": TYPOLOGIE.get(s.kind, ""),
                "telephone": phone,
                "courriels": email,
                "site_web": _matching(s.website, WEBSITE),
                "horaires": _text(s.opening_hours),
                "presentation_resume": _text(s.summary)[:280],
                "source": SOURCE,
                "date_maj": s.updated_at.date().isoformat(),
                "services": SERVICES,
                "frais_a_charge": "Gratuit",
                "dispositif_programmes_nationaux": PROGRAMME,
                "modalites_acces": access_modes(phone=phone, email=email),
                "modalites_accompagnement": ACCOMPANIMENT,
                "itinerance": "Fixe",
            }
        )
        yield row
