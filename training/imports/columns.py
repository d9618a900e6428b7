"""The columns of each import (and of its template file)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from figures.enums import ActivityKind

KIND_ALIASES = {
    "atelier": ActivityKind.WORKSHOP,
    "permanence": ActivityKind.DROPIN,
    "sensibilisation": ActivityKind.AWARENESS,
}


@dataclass(frozen=True)
class Column:
    name: str
    description: object
    required: bool = False
    example: str = ""


ACTIVITY_COLUMNS = [
    Column("date", gettext_lazy("Date of the session: YYYY-MM-DD or DD/MM/YYYY."), True, "2024-03-14"),
    Column(
        "type",
        gettext_lazy("atelier (thematic workshop), permanence (individual drop-in) or sensibilisation (awareness)."),
        True,
        "atelier",
    ),
    Column("duree_minutes", gettext_lazy("Duration in minutes, a whole number above 0."), True, "90"),
    Column("titre", gettext_lazy("Title of the workshop."), False, "Découvrir sa messagerie"),
    Column("niveau", gettext_lazy("debutant, intermediaire or avance."), False, "debutant"),
    Column(
        "thematiques",
        gettext_lazy(
            "Theme codes of the national activity report, separated by |. Required for a workshop or a drop-in."
        ),
        False,
        "email|navigation_sur_internet",
    ),
    Column(
        "materiel", gettext_lazy("ordinateur, telephone, tablette, autre or aucun, separated by |."), False, "tablette"
    ),
    Column(
        "lieu",
        gettext_lazy("lieu_activite (default), domicile, a_distance or autre."),
        False,
        "lieu_activite",
    ),
    Column("lieu_nom", gettext_lazy("Name of the place or commune."), False, ""),
    Column(
        "personnes",
        gettext_lazy("Codes of followed people already in the registry (P-XXXXXX), separated by |."),
        False,
        "",
    ),
    Column("anonymes", gettext_lazy("Number of anonymous participants."), False, "3"),
    Column("anonymes_deja_vus", gettext_lazy("Of whom already accompanied."), False, "1"),
    Column("anonymes_femmes", gettext_lazy("Anonymous women (the rest counts as not given)."), False, "2"),
    Column("anonymes_hommes", gettext_lazy("Anonymous men."), False, "1"),
    Column(
        "autonomie",
        gettext_lazy("Drop-in only: entierement_accompagne, partiellement_autonome or autonome."),
        False,
        "",
    ),
    Column("orientation", gettext_lazy("Drop-in only: code of the referral (see the national report)."), False, ""),
    Column("referents", gettext_lazy("Referents as “First name Last name”, separated by |."), False, ""),
    Column("notes", gettext_lazy("Free notes (stay in the structure)."), False, ""),
]


PEOPLE_COLUMNS = [
    Column("initiales", gettext_lazy("First name or initials (optional, stays in the structure)."), False, "M. D."),
    Column("genre", gettext_lazy("feminin, masculin or non_communique."), False, "feminin"),
    Column("annee_naissance", gettext_lazy("Birth year, four digits."), False, "1958"),
    Column(
        "statut",
        gettext_lazy("scolarise, sans_emploi, en_emploi, retraite or non_communique."),
        False,
        "retraite",
    ),
    Column("commune", gettext_lazy("Commune of residence."), False, "Lille"),
    Column("date_consentement", gettext_lazy("Date of consent to the record: YYYY-MM-DD or DD/MM/YYYY."), False, ""),
    # The journey and the FSE participant data (optional; "non_communique" when empty).
    Column(
        "orientation_source",
        gettext_lazy(
            "Referred by: service_rsa, service_seniors, france_travail, travailleur_social, structure_partenaire, "
            "mediation_numerique, initiative_personnelle, autre or non_communique."
        ),
        False,
        "service_rsa",
    ),
    Column(
        "orientation_partenaire",
        gettext_lazy("The referring partner service (never a person's name)."),
        False,
        "CCAS – service RSA",
    ),  # fmt: skip
    Column("date_orientation", gettext_lazy("Referral date: YYYY-MM-DD or DD/MM/YYYY."), False, "2024-01-15"),
    Column("date_evaluation", gettext_lazy("Date of the social evaluation or diagnosis."), False, ""),
    Column("date_sortie", gettext_lazy("Exit date (required for the three exit answers)."), False, ""),
    Column("autonome_sortie", gettext_lazy("Autonomous at exit: oui, non or non_communique."), False, ""),
    Column(
        "situation_sortie",
        gettext_lazy("Situation at exit: emploi, formation, recherche_emploi, inactif, autre or non_communique."),
        False,
        "",
    ),
    Column(
        "minima_sociaux_sortie",
        gettext_lazy("Receives a minimum income at exit: oui, non or non_communique."),
        False,
        "",
    ),  # fmt: skip
    Column(
        "situation_emploi",
        gettext_lazy(
            "Employment situation at entry: en_emploi, chomeur, chomeur_longue_duree, inactif, en_formation or "
            "non_communique."
        ),
        False,
        "",
    ),
    Column(
        "niveau_etudes", gettext_lazy("Education level: cite_0_2, cite_3_4, cite_5_8 or non_communique."), False, ""
    ),  # fmt: skip
    Column(
        "minima_sociaux",
        gettext_lazy("Receives a minimum income (RSA…) at entry: oui, non or non_communique."),
        False,
        "",
    ),  # fmt: skip
    Column(
        "parent_isole", gettext_lazy("Single adult with dependent children: oui, non or non_communique."), False, ""
    ),  # fmt: skip
    Column("qpv", gettext_lazy("Lives in a priority neighbourhood (QPV): oui, non or non_communique."), False, ""),
    Column(
        "handicap",
        gettext_lazy("Recognised disability, only with the person's explicit agreement: oui, non or non_communique."),
        False,
        "",
    ),
]

# The people import's journey columns, by field of the record.
PEOPLE_JOURNEY_COLUMNS = {
    "referral_source": "orientation_source",
    "referral_partner": "orientation_partenaire",
    "referral_date": "date_orientation",
    "evaluation_date": "date_evaluation",
    "exit_date": "date_sortie",
    "exit_autonomous": "autonome_sortie",
    "exit_situation": "situation_sortie",
    "exit_minimum_income": "minima_sociaux_sortie",
    "employment_situation": "situation_emploi",
    "education_level": "niveau_etudes",
    "minimum_income": "minima_sociaux",
    "single_parent": "parent_isole",
    "qpv": "qpv",
    "disability": "handicap",
}


COLUMNS = {"activities": ACTIVITY_COLUMNS, "people": PEOPLE_COLUMNS}


def template_rows(kind: str) -> tuple[list[str], list[list[str]]]:
    columns = COLUMNS[kind]
    return [c.name for c in columns], [[c.example for c in columns]]
