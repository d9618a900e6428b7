"""The directory of relay structures in the national places format (LaMednum "standard-mediation-num" 1.0).

Only structures with the required details (SIRET, address, postcode) are published.
"""

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


def _phone(value: str) -> str:
    digits = "".join(c for c in (value or "") if c.isdigit() or c == "+")
    if digits.startswith("0") and len(digits) == 10:
        return "+33" + digits[1:]
    return digits if digits.startswith("+33") else ""


def publishable(structure) -> bool:
    return bool(structure.siret and structure.address and len(structure.postcode or "") == 5 and structure.commune)


def lamednum_rows(structures):
    for s in structures:
        if not publishable(s):
            continue
        row = dict.fromkeys(LAMEDNUM_FIELDS, "")
        row.update(
            {
                "id": f"relais-numerique-{s.slug}",
                "pivot": s.siret,
                "nom": _text(s.name),
                "commune": _text(s.commune),
                "code_postal": s.postcode,
                "code_insee": s.insee_code or "",
                "adresse": _text(s.address),
                "latitude": "" if s.latitude is None else str(s.latitude),
                "longitude": "" if s.longitude is None else str(s.longitude),
                "typologie": TYPOLOGIE.get(s.kind, ""),
                "telephone": _phone(s.phone),
                "courriels": s.email or "",
                "site_web": s.website or "",
                "horaires": _text(s.opening_hours),
                "presentation_resume": _text(s.summary)[:280],
                "source": SOURCE,
                "date_maj": s.updated_at.date().isoformat(),
                "services": SERVICES,
                "frais_a_charge": "Gratuit",
                "dispositif_programmes_nationaux": PROGRAMME,
                "modalites_acces": "Se présenter|Téléphoner",
                "modalites_accompagnement": ACCOMPANIMENT,
                "itinerance": "Fixe",
            }
        )
        yield row
