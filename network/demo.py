"""The pilot programme "Relais Numérique Hauts-de-France 2022–2023": its call and 22 applications,
the five selected structures' coaching, the two trainings and their 13 referents, and targets.

Runs after ``tenants.demo`` (which creates the five structures) and before ``training.demo``
(which logs their activities). Idempotent: a second run changes nothing.
"""

import datetime

from figures.enums import RegistrationStatus
from network import services
from network.enums import ApplicationStatus, FunderKind, Indicator, MeetingKind
from network.models import Application, Call, CoachingPlan, Programme, Target, TrainingModule, TrainingSession
from network.validators import luhn_valid
from tenants.demo import PILOT_STRUCTURES
from tenants.models import Structure, User
from training import gateway

PROGRAMME = "Relais Numérique Hauts-de-France 2022–2023"
START, END = datetime.date(2022, 9, 1), datetime.date(2023, 12, 31)
CLOSING_COMMITTEE = datetime.date(2023, 12, 14)
CALL_TITLE = "Devenez Relais Numérique"

REFERENTS = {
    "houplines": [("Nadia", "Benali", "Conseillère ESF"), ("Julien", "Lefebvre", "Agent d'accueil"),
                  ("Sophie", "Martin", "Travailleuse sociale")],
    "leers": [("Karim", "Haddad", "Travailleur social"), ("Isabelle", "Dubois", "Agente d'accueil"),
              ("Thomas", "Lemaire", "Médiateur social")],
    "haubourdin": [("Amélie", "Roussel", "Conseillère ESF"), ("Mehdi", "Saïdi", "Travailleur social"),
                   ("Claire", "Vandamme", "Agente d'accueil")],
    "faches-thumesnil": [("Laurence", "Delattre", "Travailleuse sociale"), ("Yanis", "Bouzid", "Agent d'accueil")],
    "ateliers-de-la-lys": [("Pascale", "Verhaeghe", "Monitrice d'atelier"), ("Bruno", "Catteau", "Chargé d'insertion")],
}  # fmt: skip

REJECTED = [
    ("CCAS de Wattrelos", "ccas", "Wattrelos", "59150"), ("CCAS de Lomme", "ccas", "Lomme", "59160"),
    ("Association Trait d'Union", "association", "Roubaix", "59100"),
    ("Centre social Les Aviateurs", "association", "Lille", "59000"),
    ("CCAS de Wasquehal", "ccas", "Wasquehal", "59290"), ("Médiathèque de Seclin", "library", "Seclin", "59113"),
    ("Association Solidarité Seniors", "association", "Tourcoing", "59200"),
    ("CCAS de Loos", "ccas", "Loos", "59120"), ("ESAT Les Papillons Blancs", "esat", "Lille", "59000"),
    ("Espace France services de Comines", "france_services", "Comines", "59560"),
    ("CCAS de Wambrechies", "ccas", "Wambrechies", "59118"),
    ("Association Le Partage", "association", "Hellemmes", "59260"),
    ("CCAS de Lambersart", "ccas", "Lambersart", "59130"),
    ("Maison de quartier Fives", "association", "Lille", "59800"),
    ("CCAS de Mons-en-Barœul", "ccas", "Mons-en-Barœul", "59370"),
    ("Bibliothèque de Villeneuve-d'Ascq", "library", "Villeneuve-d'Ascq", "59650"),
    ("Association Passerelles", "association", "Croix", "59170"),
]  # fmt: skip
SHORTLISTED_THEN_REJECTED = 3

REJECTION_MESSAGE = (
    "Votre candidature a retenu toute notre attention. Le nombre de places de cette première promotion étant "
    "limité à cinq structures, nous ne pouvons pas y donner suite ; nous vous tiendrons informés du prochain appel."
)


def siret_with_check_digit(first13: str) -> str:
    """A 14-digit SIRET whose Luhn checksum is right, from its first 13 digits."""
    for digit in "0123456789":
        candidate = first13 + digit
        if luhn_valid(candidate):
            return candidate
    raise ValueError(first13)


def _log(stdout, text):
    if stdout is not None:
        stdout.write(text)


def seed(stdout=None) -> Programme:
    programme = Programme.objects.filter(name=PROGRAMME).first() or services.programme_create(
        name=PROGRAMME,
        territory="Métropole Européenne de Lille (Hauts-de-France)",
        start=START,
        end=END,
        description=(
            "Appel à manifestation d'intérêt « Devenez Relais Numérique », co-porté par la Métropole Européenne "
            "de Lille et Emmaüs Connect : 16 mois d'accompagnement de structures sociales pour qu'elles proposent "
            "en autonomie des accompagnements au numérique."
        ),
        funders=[
            {"funder": "Emmaüs Connect", "kind": FunderKind.PRIVE},
            {"funder": "Métropole Européenne de Lille", "kind": FunderKind.COMMUNE},
        ],
    )
    structures = {s.slug: s for s in Structure.objects.filter(slug__in=[d["slug"] for d in PILOT_STRUCTURES])}
    coordinator = User.objects.filter(email="coordination@demo.test").first()
    trainer = User.objects.filter(email="formation@demo.test").first()
    _call(programme, structures, coordinator)
    _coaching(programme, structures, coordinator)
    _trainings(programme, structures, trainer)
    _targets(programme, structures)
    _log(stdout, f"Programme « {PROGRAMME} »: {len(structures)} structures, call, coaching, trainings, targets.")
    return programme


def _call(programme, structures, coordinator) -> None:
    call = Call.objects.filter(programme=programme, title=CALL_TITLE).first()
    if call is not None:
        return
    call = Call.objects.create(
        programme=programme,
        title=CALL_TITLE,
        description="Appel à manifestation d'intérêt pour rejoindre le réseau des Relais Numériques.",
        opens=datetime.date(2022, 4, 4),
        closes=datetime.date(2022, 6, 17),
    )
    submitted = datetime.datetime(2022, 4, 11, 10, tzinfo=datetime.UTC)
    decided = datetime.datetime(2022, 7, 8, 14, tzinfo=datetime.UTC)
    for i, data in enumerate(PILOT_STRUCTURES):
        structure = structures.get(data["slug"])
        Application.objects.create(
            call=call, status=ApplicationStatus.SELECTED, structure=structure, structure_name=data["name"],
            kind=data["kind"], siret=data["siret"], address=data["address"], postcode=data["postcode"],
            commune=data["commune"], contact_first_name="Direction", contact_last_name=data["name"],
            contact_email=f"direction.{data['slug']}@demo.test", publics=["seniors", "precarious"],
            motivation="Nos publics sont de plus en plus confrontés à la dématérialisation des démarches.",
            submitted_at=submitted + datetime.timedelta(days=3 * i), shortlisted_at=decided - datetime.timedelta(14),
            decided_at=decided, decided_by=coordinator,
        )  # fmt: skip
    for i, (name, kind, commune, postcode) in enumerate(REJECTED):
        Application.objects.create(
            call=call, status=ApplicationStatus.REJECTED, structure_name=name, kind=kind,
            siret=siret_with_check_digit(f"2659{i:04d}00001"), address="1 place de la Mairie", postcode=postcode,
            commune=commune, contact_first_name="Contact", contact_last_name=name,
            contact_email=f"candidature{i + 1}@exemple.test", publics=["seniors"],
            motivation="Nous souhaitons proposer des ateliers numériques à nos usagers.",
            submitted_at=submitted + datetime.timedelta(days=2 * i + 1),
            shortlisted_at=decided - datetime.timedelta(14) if i < SHORTLISTED_THEN_REJECTED else None,
            decided_at=decided, decided_by=coordinator, decision_message=REJECTION_MESSAGE,
        )  # fmt: skip


def _coaching(programme, structures, coordinator) -> None:
    for index, data in enumerate(PILOT_STRUCTURES):
        structure = structures.get(data["slug"])
        if structure is None or CoachingPlan.objects.filter(programme=programme, structure=structure).exists():
            continue
        plan = services.coaching_plan_create(
            programme=programme,
            structure=structure,
            start=START,
            end=END,
            needs="Repérer les personnes en difficulté avec le numérique, former l'équipe, lancer des ateliers "
            "et des parcours d'initiation.",
        )
        for milestone in plan.milestones.all():
            if milestone.code == "closing-committee":
                milestone.due_date = milestone.completed_on = CLOSING_COMMITTEE
            elif milestone.code == "autonomy" and data["slug"] == "ateliers-de-la-lys":
                milestone.completed_on = None  # still in progress at the closing committee
            else:
                milestone.completed_on = milestone.due_date - datetime.timedelta(days=index * 3)
            milestone.save(update_fields=["due_date", "completed_on"])
        meetings = [
            (datetime.date(2022, 9, 13 + index), MeetingKind.FRAMING, "Cadrage : publics, locaux, matériel."),
            (datetime.date(2022, 10, 18 + index), MeetingKind.FOLLOW_UP, "Plan d'accompagnement validé."),
            (datetime.date(2023, 3, 7 + index), MeetingKind.VISIT, "Visite d'un atelier ; retours positifs."),
            (datetime.date(2023, 9, 12 + index), MeetingKind.REMOTE, "Point sur l'autonomie et les parcours."),
            (CLOSING_COMMITTEE, MeetingKind.COMMITTEE, "Comité de clôture avec la MEL et les partenaires."),
        ]
        for date, kind, notes in meetings:
            services.meeting_create(plan=plan, date=date, kind=kind, notes=notes, by=coordinator)


SESSIONS = [
    # (module code, date, place, structures attending)
    ("decouvrir-inclusion-numerique", datetime.date(2022, 11, 8), "Emmaüs Connect, Lille", ("houplines", "leers")),
    ("decouvrir-inclusion-numerique", datetime.date(2022, 11, 22), "Emmaüs Connect, Lille",
     ("haubourdin", "faches-thumesnil", "ateliers-de-la-lys")),
    ("former-competences-numeriques-base", datetime.date(2023, 1, 17), "Emmaüs Connect, Lille",
     ("houplines", "leers")),
    ("former-competences-numeriques-base", datetime.date(2023, 1, 31), "Emmaüs Connect, Lille",
     ("haubourdin", "faches-thumesnil", "ateliers-de-la-lys")),
]  # fmt: skip


def _referents(structure):
    return gateway.referents_ensure(structure, REFERENTS[structure.slug])


def _trainings(programme, structures, trainer) -> None:
    if TrainingSession.objects.filter(programme=programme).exists():
        return
    referents = {slug: _referents(s) for slug, s in structures.items() if slug in REFERENTS}
    modules = {m.code: m for m in TrainingModule.objects.all()}
    for code, date, place, slugs in SESSIONS:
        session = services.training_session_create(
            module=modules[code], date=date, place=place, capacity=8, trainer=trainer, programme=programme
        )
        for slug in slugs:
            for referent in referents.get(slug, []):
                registration = services.registration_create(
                    session=session, structure=structures[slug], referent_id=referent.pk
                )
                services.registration_set_status(registration=registration, status=RegistrationStatus.ATTENDED)


TARGETS = {
    None: {Indicator.PEOPLE: 120, Indicator.SESSIONS: 50, Indicator.COURSES: 20, Indicator.REFERENTS_TRAINED: 12},
    "houplines": {Indicator.PEOPLE: 30, Indicator.SESSIONS: 10, Indicator.REFERENTS_TRAINED: 3},
    "leers": {Indicator.PEOPLE: 30, Indicator.SESSIONS: 10, Indicator.REFERENTS_TRAINED: 3},
    "haubourdin": {Indicator.PEOPLE: 30, Indicator.SESSIONS: 10, Indicator.REFERENTS_TRAINED: 3},
    "faches-thumesnil": {Indicator.PEOPLE: 25, Indicator.SESSIONS: 10, Indicator.REFERENTS_TRAINED: 2},
    "ateliers-de-la-lys": {Indicator.PEOPLE: 25, Indicator.SESSIONS: 10, Indicator.REFERENTS_TRAINED: 2},
}


def _targets(programme, structures) -> None:
    if Target.objects.filter(programme=programme).exists():
        return
    for slug, values in TARGETS.items():
        structure = structures.get(slug) if slug else None
        if slug and structure is None:
            continue
        for indicator, value in values.items():
            services.target_set(programme=programme, structure=structure, indicator=indicator, value=value)
