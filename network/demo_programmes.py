"""The three other programmes of the articles, beside the pilot: Bagnolet 2014, Charente 2017–2018
and the Landes 2020–2021 (``docs/PROGRAMMES.md``: every figure of each article, what the demo records
for it and where the funder report shows it).

Runs after ``training.demo_programmes``, which creates their structures and records. Each programme
takes its structures in through a coaching plan (milestones done within its period); the Landes'
helpers follow the network's trainings. Idempotent: a programme that exists is left as it is.
"""

import datetime

from figures.enums import RegistrationStatus
from network import services
from network.enums import Indicator
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
        "funders": [
            {"name": "Est Ensemble (volet emploi du CUCS)", "share": None},
            {"name": "Conseil général de la Seine-Saint-Denis", "share": None},
            {"name": "CCAS de Bagnolet (fonds propres)", "share": None},
        ],
        "structures": [BAGNOLET],
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
            {"name": "Fonds social européen", "share": 50},
            {"name": "Département de la Charente", "share": None},
        ],
        "structures": [CHARENTE],
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
        "funders": [{"name": "Fonds social européen", "share": None}],
        "structures": LANDES,
    },
]

TARGETS = {BAGNOLET_PROGRAMME: {Indicator.PEOPLE: 40}}  # "32 bénéficiaires … au lieu de 40 prévus"

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
        description=data["description"], funders=data["funders"],
    )  # fmt: skip
    structures = list(Structure.objects.filter(slug__in=[s["slug"] for s in data["structures"]]).order_by("pk"))
    for structure in structures:
        _coaching(programme, structure)
    for indicator, value in TARGETS.get(programme.name, {}).items():
        services.target_set(programme=programme, indicator=indicator, value=value)
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
