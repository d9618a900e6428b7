"""A sixth demo structure, an open-access digital space modelled on the BGE Indre article:
desk visits (67 % job seekers, 20 % employed, 7 % retired, 3 % students), a weekly workshop
calendar in groups of 8, former learners as mentors, and equipment given. It takes part in
no programme, so the pilot's figures do not change.
"""

import datetime
import random

from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.demo import demo_user
from tenants.enums import MembershipRole, StructureKind, StructureStatus
from tenants.models import Structure
from tenants.services import membership_set, structure_create
from training import practices
from training.models import DeskVisit
from training.services.activities import activity_create
from training.services.courses import course_create, course_session_record
from training.services.enrolments import enrolment_create
from training.services.people import beneficiary_create
from training.services.referents import referent_create

SLUG = "bge-indre"
STATUS_SHARES = [("sans_emploi", 67), ("en_emploi", 20), ("retraite", 7), ("scolarise", 3), ("non_communique", 3)]
PURPOSES = ["job_search", "cv", "procedure", "printing", "email", "other"]
WEEKLY = [
    (0, 9, "Découvrir l'ordinateur", ["prendre_en_main_du_materiel"]),
    (0, 14, "Rédiger son CV", ["insertion_professionnelle", "bureautique"]),
    (1, 9, "Chercher un emploi en ligne", ["insertion_professionnelle", "navigation_sur_internet"]),
    (1, 14, "Créer sa boîte mail", ["email"]),
    (2, 9, "Se protéger des arnaques", ["securite_numerique"]),
    (3, 9, "Mon espace France Travail", ["aide_aux_demarches_administratives", "travail_formation"]),
    (3, 14, "Réseaux sociaux professionnels", ["reseaux_sociaux", "insertion_professionnelle"]),
]


def seed(stdout=None) -> None:
    structure = Structure.objects.filter(slug=SLUG).first()
    if structure is None:
        structure = structure_create(
            name="Espace numérique BGE Indre",
            slug=SLUG,
            kind=StructureKind.ASSOCIATION,
            status=StructureStatus.AUTONOMOUS,
            commune="Châteauroux",
            postcode="36000",
            insee_code="36044",
            address="Rue Grande",
            siret="32872386700045",
            latitude="46.810600",
            longitude="1.691100",
            opening_hours="Mo-Fr 09:00-12:30,13:30-17:00",
            summary="Espace numérique en accès libre (8 postes), ateliers hebdomadaires et accompagnement "
            "vers l'emploi.",
        )
    manager = demo_user(f"direction.{SLUG}@demo.test", first_name="Direction", last_name=structure.name)
    referent_user = demo_user(f"referent.{SLUG}@demo.test", first_name="Référent", last_name=structure.name)
    membership_set(user=manager, structure=structure, role=MembershipRole.MANAGER)
    membership_set(user=referent_user, structure=structure, role=MembershipRole.REFERENT)
    with schema_context(structure.schema_name):
        if DeskVisit.objects.exists():
            return
    rng = random.Random(36)
    today = timezone.localdate()
    with schema_context(structure.schema_name):
        mediator = referent_create(first_name="Karim", last_name="Dupuis", job_title="Médiateur numérique",
                                            user=referent_user)  # fmt: skip
        referent_create(first_name="Élodie", last_name="Moreau", job_title="Conseillère emploi")
    # Desk visits over the last six months, in the article's proportions.
    statuses = [code for code, share in STATUS_SHARES for _ in range(share)]
    for days_ago in range(1, 180):
        date = today - datetime.timedelta(days=days_ago)
        if date.weekday() >= 5:
            continue
        for _ in range(rng.randint(2, 4)):
            practices.desk_visit_record(structure=structure, date=date, purpose=rng.choice(PURPOSES),
                                        count=rng.randint(1, 3), social_status=rng.choice(statuses))  # fmt: skip
    # Former learners: a course whose completers become mentors, and newcomers.
    people = [
        beneficiary_create(
            structure=structure,
            label=f"{chr(65 + i)}. {chr(75 + i % 10)}.",
            gender="feminin" if i % 3 else "masculin",
            birth_year=1965 + i * 2,
            social_status="sans_emploi",
            commune="Châteauroux",
        )  # fmt: skip
        for i in range(12)
    ]
    start = today - datetime.timedelta(days=150)
    course = course_create(structure=structure, title="Parcours ordinateur – emploi", device="computer",
                                    start_date=start, end_date=start + datetime.timedelta(weeks=5),
                                    capacity=8, referents=[mediator])  # fmt: skip
    for person in people[:6]:
        enrolment_create(structure=structure, course=course, beneficiary=person)
    for week in range(6):
        course_session_record(structure=structure, user=referent_user, course=course,
                                       date=start + datetime.timedelta(weeks=week), duration_minutes=120,
                                       attendees=people[:6] if week != 3 else people[:4])  # fmt: skip
    for mentor, mentee in zip(people[:3], people[6:9], strict=True):
        mentorship = practices.mentorship_create(structure=structure, mentor=mentor, mentee=mentee,
                                                 start_date=start + datetime.timedelta(weeks=8))  # fmt: skip
        activity = activity_create(
            structure=structure, user=referent_user, kind="workshop",
            date=start + datetime.timedelta(weeks=9), duration_minutes=90, title="Atelier en binôme",
            themes=["insertion_professionnelle"], beneficiaries=[mentor, mentee], referents=[mediator],
        )  # fmt: skip
        practices.mentorship_add_activity(structure=structure, mentorship=mentorship, activity=activity)
    # Equipment given to course completers.
    for person in people[:4]:
        practices.equipment_give(structure=structure, beneficiary=person, kind="laptop",
                                 date=start + datetime.timedelta(weeks=6), condition="refurbished",
                                 partner="Emmaüs Connect", requirement="Avoir terminé le parcours")  # fmt: skip
        practices.equipment_give(structure=structure, beneficiary=person, kind="connectivity",
                                 date=start + datetime.timedelta(weeks=6), amount=150, duration_months=12)  # fmt: skip
    # The weekly calendar: seven workshops of 1 h 30 in groups of 8, for the next two weeks.
    monday = today - datetime.timedelta(days=today.weekday())
    with schema_context(structure.schema_name):
        referents = [mediator]
    for week in (1, 2):
        for weekday, hour, title, themes in WEEKLY:
            date = monday + datetime.timedelta(weeks=week, days=weekday)
            workshop = practices.workshop_schedule(
                structure=structure, title=title, date=date, start_time=datetime.time(hour), duration_minutes=90,
                place="Espace numérique, salle 2", themes=themes, level="debutant", seats=8, referents=referents,
            )  # fmt: skip
            for person in rng.sample(people, rng.randint(2, 6)):
                practices.workshop_register(structure=structure, workshop=workshop, beneficiary=person)
    if stdout:
        stdout.write("BGE Indre demo space: desk visits, calendar, mentors, equipment.")
