"""The three other programmes of the articles, beside the pilot: Bagnolet 2014, Charente 2017–2018
and the Landes 2020–2021 (``docs/PROGRAMMES.md``: every figure of each article, what the demo records
for it and where the funder report shows it).

Runs after ``training.demo_programmes``, which creates their structures and records. Each programme
takes its structures in through a coaching plan (milestones done within its period), with its budget,
funders, targets, the figures recorded from elsewhere and its report notes (where its article is
inconsistent, what the demo chose); the Landes' helpers follow the network's trainings.
Idempotent: a programme that exists is left as it is.
"""

import datetime
from decimal import Decimal

from figures.enums import RegistrationStatus
from network import services
from network.enums import FunderKind, Indicator
from network.models import CoachingPlan, Programme, TrainingModule, TrainingSession
from tenants.demo import BAGNOLET, CHARENTE, LANDES
from tenants.models import Structure, User
from training import gateway

BAGNOLET_PROGRAMME = "Lutte contre la fracture numérique – CCAS de Bagnolet 2014"
CHARENTE_PROGRAMME = "Sensibilisation et accompagnement des bénéficiaires du RSA au numérique – Charente 2017–2018"
LANDES_PROGRAMME = "Inclusion numérique des publics en insertion – Landes (FSE 2020–2021)"

PROGRAMMES = [
    {
        "name": BAGNOLET_PROGRAMME,
        "territory": "Bagnolet (Seine-Saint-Denis)",
        "start": datetime.date(2014, 1, 1),
        "end": datetime.date(2014, 12, 31),
        "description": (
            "Repérage par le service insertion RSA des allocataires et par le service d'aide à la retraite (SAR) du "
            "CCAS des seniors bénéficiaires des minima sociaux, orientés après une évaluation sociale ; initiation "
            "et formation dans les ateliers informatiques du service insertion RSA et de la résidence pour "
            "personnes âgées ; don d'un ordinateur et aide à l'abonnement internet après l'évaluation de fin de "
            "stage. Objectifs : 40 personnes, 80 % autonomes dans l'usage de l'outil, 50 % résidant en quartier "
            "prioritaire."
        ),
        # "Budget prévisionnel sur 3 ans (2015, 2016, 2017) de 259 050 euros": a year's third.
        "budget": Decimal("86350"),
        "age_bands": [25, 45],
        "funders": [
            {"funder": "Est Ensemble (volet emploi du CUCS)", "kind": FunderKind.COMMUNE},
            {"funder": "Conseil général de la Seine-Saint-Denis", "kind": FunderKind.DEPARTEMENT},
            {
                "funder": "CCAS de Bagnolet (fonds propres)",
                "kind": FunderKind.FONDS_PROPRES,
                "amount": Decimal("21325"),
            },
        ],
        "structures": [BAGNOLET],
        "report_notes": (
            "Chiffres reproduits de la fiche d'expérience du CCAS (bilan 2014).\n"
            "Personnes : la fiche compte 32 bénéficiaires repérés et orientés « au lieu de 40 prévus », 12 puis 20 "
            "aux deux remises d'ordinateurs, 25 portables et 7 fixes ; sa conclusion annonce « 51 personnes (32 RSA "
            "et 15 seniors) », qui ne s'additionnent pas (32 + 15 = 47). Le bilan retient les 32 personnes, "
            "réparties dans le rapport 32 : 15 de la fiche : 22 orientées par le service insertion RSA, 10 par le "
            "service d'aide à la retraite.\n"
            "Objectif de repérage : la fiche le dit « atteint à 90 % » ; 32 personnes sur 40 prévues font 80 %.\n"
            "Âges : 19 des 32 personnes ont de 25 à 44 ans, soit 59,375 % (59,37 % dans la fiche).\n"
            "Objectifs de 80 % d'autonomes et de 50 % en quartier prioritaire : la fiche ne publie pas de résultat ; "
            "les réponses sont « non communiqué » et ces objectifs restent sans résultat.\n"
            "Budget : la fiche donne un budget prévisionnel de 259 050 € sur 3 ans (2015-2017), « soit 86 650 € / "
            "an » ; 259 050 / 3 = 86 350 €, le montant retenu ici pour une année. Le CCAS y contribue sur ses fonds "
            "propres à hauteur de 21 325 € par an ; les montants d'Est Ensemble et du Conseil général ne sont pas "
            "publiés."
        ),
    },
    {
        "name": CHARENTE_PROGRAMME,
        "territory": "Département de la Charente",
        "start": datetime.date(2017, 4, 1),
        "end": datetime.date(2018, 6, 30),
        "description": (
            "Projet du Département de la Charente, cofinancé par le Fonds social européen : 15 000 courriers "
            "invitant les bénéficiaires du RSA à des réunions de sensibilisation, où le prestataire présente sa "
            "plateforme d'e-learning (plus de 1 500 formations en ligne), puis un accompagnement individuel pour "
            "ceux qui le choisissent, surtout des travailleurs indépendants, vers l'autonomie dans l'accès à leurs "
            "droits et de nouvelles activités."
        ),
        "funders": [
            {"funder": "Fonds social européen", "kind": FunderKind.FSE, "share": 50},
            {"funder": "Département de la Charente", "kind": FunderKind.DEPARTEMENT},
        ],
        "structures": [CHARENTE],
        "report_notes": (
            "Chiffres reproduits de l'entretien avec le Département de la Charente (projet d'avril 2017 à juin "
            "2018).\n"
            "Les 15 000 courriers sont les invitations aux réunions de sensibilisation : ce sont les personnes "
            "invitées de ces réunions.\n"
            "Les 200 personnes suivies individuellement avaient assisté aux réunions : chaque réunion les compte "
            "parmi ses participants déjà accompagnés, si bien que les personnes accompagnées sont 3 000, les "
            "« 3 000 usagers » rencontrés de l'article, et non 3 200.\n"
            "FSE : « de l'ordre de 50 % » ; la part du Département n'est pas publiée.\n"
            "« Plusieurs personnes » sont sorties du RSA : le chiffre n'est pas publié, la démonstration en "
            "compte 8."
        ),
    },
    {
        "name": LANDES_PROGRAMME,
        "territory": "Département des Landes",
        "start": datetime.date(2020, 2, 1),
        "end": datetime.date(2021, 12, 31),
        "description": (
            "Projet FSE porté par l'Alpi pour le Réseau départemental d'inclusion numérique des Landes : recenser "
            "et fédérer les acteurs en réseau ; informer, former et soutenir les aidants ; identifier et évaluer "
            "les compétences du public avec des outils référencés partagés (référentiel Pix / DigComp) ; "
            "sécuriser les lieux d'accueil. Dispositifs du réseau : ordinateurs reconditionnés Ordi Pin40, "
            "messagerie LandesMail."
        ),
        "funders": [{"funder": "Fonds social européen", "kind": FunderKind.FSE}],
        "structures": LANDES,
        "report_notes": (
            "L'article de l'Alpi décrit la stratégie départementale et le projet FSE sans en publier les "
            "résultats, hormis les plus de 80 participants du séminaire fondateur : les lieux du réseau, les "
            "personnes, leurs parcours, leurs évaluations (référentiel Pix / DigComp) et les ordinateurs "
            "reconditionnés Ordi Pin40 sont ceux de la démonstration."
        ),
    },
]

TARGETS = {
    # "32 bénéficiaires … au lieu de 40 prévus"; "50 % en zone prioritaires"; "80 % autonome".
    BAGNOLET_PROGRAMME: {Indicator.PEOPLE: 40, Indicator.QPV_SHARE: 50, Indicator.AUTONOMOUS_SHARE: 80},
}

# Figures that come from elsewhere: (label, value, unit, as of, source).
RECORDED = {
    CHARENTE_PROGRAMME: [
        ("Connexions à la plateforme d'e-learning", 1200, "connexions", datetime.date(2018, 6, 30),
         "Plateforme d'e-learning des Nouveaux Commerciaux (plus de 1 500 formations en ligne), connexions "
         "comptées par le prestataire"),
        ("Nouveaux entrants au RSA chaque année (public de l'étape suivante)", 1700, "par an",
         datetime.date(2018, 6, 30), "Département de la Charente, entrées annuelles dans le dispositif RSA"),
    ],
    LANDES_PROGRAMME: [
        ("Participants au séminaire fondateur (Morcenx-la-Nouvelle, 2 octobre 2020)", 80, "participants",
         datetime.date(2020, 10, 2), "Alpi, séminaire de lancement de la stratégie départementale d'inclusion "
         "numérique"),
    ],
}  # fmt: skip

# The Landes' helpers: the network's two required trainings, in two groups of places.
LANDES_TRAININGS = [
    ("decouvrir-inclusion-numerique", datetime.date(2020, 9, 15), 0),
    ("decouvrir-inclusion-numerique", datetime.date(2020, 9, 22), 1),
    ("former-competences-numeriques-base", datetime.date(2020, 11, 17), 0),
    ("former-competences-numeriques-base", datetime.date(2020, 11, 24), 1),
]
LANDES_TRAINING_PLACE = "Alpi, Mont-de-Marsan"


def seed(stdout=None) -> list[Programme]:
    trainer = User.objects.filter(email="formation@demo.test").first()
    programmes = []
    for data in PROGRAMMES:
        programme = Programme.objects.filter(name=data["name"]).first()
        if programme is None:
            programme = _programme(data, trainer)
        programmes.append(programme)
    if stdout:
        stdout.write(f"Programmes of the articles: {', '.join(p.name for p in programmes)}.")
    return programmes


def _programme(data: dict, trainer) -> Programme:
    programme = services.programme_create(
        name=data["name"], territory=data["territory"], start=data["start"], end=data["end"],
        description=data["description"], budget=data.get("budget"), age_bands=data.get("age_bands", ()),
        report_notes=data["report_notes"], funders=data["funders"],
    )  # fmt: skip
    structures = list(Structure.objects.filter(slug__in=[s["slug"] for s in data["structures"]]).order_by("pk"))
    for structure in structures:
        _coaching(programme, structure)
    for indicator, value in TARGETS.get(programme.name, {}).items():
        services.target_set(programme=programme, indicator=indicator, value=value)
    for label, value, unit, date, source in RECORDED.get(programme.name, []):
        services.recorded_indicator_create(
            programme=programme, label=label, value=value, unit=unit, date=date, source=source
        )
    if programme.name == LANDES_PROGRAMME:
        _trainings(programme, structures, trainer)
    return programme


def _coaching(programme: Programme, structure: Structure) -> None:
    """The structure joins the programme from its start; every milestone done by the programme's end."""
    if CoachingPlan.objects.filter(programme=programme, structure=structure).exists():
        return
    plan = services.coaching_plan_create(programme=programme, structure=structure, start=programme.start)
    for milestone in plan.milestones.all():
        due = programme.end if milestone.code == "closing-committee" else min(milestone.due_date, programme.end)
        services.milestone_update(milestone=milestone, due_date=due, completed_on=due)


def _trainings(programme: Programme, structures: list[Structure], trainer) -> None:
    if TrainingSession.objects.filter(programme=programme).exists():
        return
    modules = {m.code: m for m in TrainingModule.objects.all()}
    groups = [structures[:3], structures[3:]]
    for code, date, group in LANDES_TRAININGS:
        session = services.training_session_create(
            module=modules[code], date=date, place=LANDES_TRAINING_PLACE, capacity=10, trainer=trainer,
            programme=programme,
        )  # fmt: skip
        for structure in groups[group]:
            for referent in gateway.referents_active(structure):
                registration = services.registration_create(
                    session=session, structure=structure, referent_id=referent.pk
                )
                services.registration_set_status(registration=registration, status=RegistrationStatus.ATTENDED)
