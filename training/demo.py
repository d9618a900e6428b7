"""Demo records of the pilot's five structures, built so that the figures computed from them
are the published ones (``shared/domain/articles/emmaus-connect-relais-numerique-hdf.txt``):
56 sessions (32 thematic workshops or drop-ins, 24 courses), 144 people accompanied of whom
136 in courses, 61 % women, mean age 60. Nothing is written in: the dashboard computes it.
"""

import datetime
import random

from django.utils import timezone
from django_tenants.utils import schema_context

from cms.models import KitPage
from figures.enums import Device, Gender, SocialStatus
from tenants.demo import PILOT_STRUCTURES
from tenants.models import Structure, User
from training.models import Activity, Referent
from training.services.activities import activity_create
from training.services.courses import course_create, course_session_record
from training.services.enrolments import enrolment_create
from training.services.people import beneficiary_create
from training.services.referents import referent_create, referent_update

PERIOD = (datetime.date(2022, 9, 1), datetime.date(2023, 12, 31))
COURSES = [5, 5, 5, 5, 4]  # 24 courses
WORKSHOPS = [4, 4, 4, 4, 4]  # 20 thematic workshops
DROPINS = [3, 3, 2, 2, 2]  # 12 individual drop-ins
OTHERS = [2, 2, 2, 1, 1]  # 8 people seen outside courses
PEOPLE = 144
WOMEN = 88  # 61 %
MEAN_AGE = 60

WORKSHOP_TOPICS = [
    ("Accéder à ses droits en ligne", ["aide_aux_demarches_administratives", "social_sante"]),
    ("Se protéger des arnaques en ligne", ["securite_numerique"]),
    ("Réseaux sociaux et cyberharcèlement", ["reseaux_sociaux", "securite_numerique"]),
    ("Créer et utiliser sa boîte mail", ["email"]),
    ("France Connect et espaces personnels", ["aide_aux_demarches_administratives", "navigation_sur_internet"]),
    ("Prendre en main son smartphone", ["prendre_en_main_du_materiel"]),
]
DROPIN_THEMES = [
    ["aide_aux_demarches_administratives", "argent_impots"],
    ["prendre_en_main_du_materiel"],
    ["email"],
    ["aide_aux_demarches_administratives", "social_sante"],
    ["banque_et_achats_en_ligne", "securite_numerique"],
]
INITIALS = "ABCDEFGHJLMNPRSTV"


def _referents(structure_index: int) -> list[Referent]:
    referents = list(Referent.objects.order_by("pk"))
    if referents:
        return referents
    count = 3 if structure_index < 3 else 2
    names = [("Nadia", "Benali"), ("Julien", "Lefebvre"), ("Sophie", "Martin")]
    return [
        referent_create(first_name=first, last_name=last, job_title="Travailleur·se social·e")
        for first, last in names[:count]
    ]


def _kits_by_theme() -> dict[str, int]:
    mapping: dict[str, int] = {}
    for kit in KitPage.objects.published():
        for theme in kit.themes:
            mapping.setdefault(theme, kit.pk)
    return mapping


def _ages(rng: random.Random) -> list[int]:
    ages = [rng.randint(28, 86) for _ in range(PEOPLE)]
    # Bring the sum to exactly PEOPLE × MEAN_AGE, keeping every age plausible.
    gap = PEOPLE * MEAN_AGE - sum(ages)
    index = 0
    while gap:
        step = 1 if gap > 0 else -1
        if 25 <= ages[index % PEOPLE] + step <= 90:
            ages[index % PEOPLE] += step
            gap -= step
        index += 1
    return ages


def _plan(rng: random.Random) -> list[dict]:
    """Who attends what, when: a plan per structure, before anything is written."""
    plans = []
    person = 0
    course_index = 0
    for s in range(5):
        plan = {"courses": [], "workshops": [], "dropins": [], "people": []}
        course_people: list[int] = []
        for k in range(COURSES[s]):
            device = Device.TABLET if (course_index % 3 == 2) else Device.COMPUTER
            size = 6 if course_index < 16 else 5
            members = list(range(person, person + size))
            person += size
            course_people += members
            start = datetime.date(2023, 1, 9) + datetime.timedelta(weeks=9 * k + s)
            sessions = 7 if device == Device.TABLET else 6
            dates = [start + datetime.timedelta(weeks=w) for w in range(sessions)]
            attendance = []
            for d_index, _date in enumerate(dates):
                present = [m for m in members if d_index == 0 or rng.random() < 0.9]
                attendance.append(present)
            plan["courses"].append({"device": device, "members": members, "dates": dates, "attendance": attendance})
            course_index += 1
        others = list(range(person, person + OTHERS[s]))
        person += OTHERS[s]
        for d in range(DROPINS[s]):
            date = datetime.date(2022, 11, 7) + datetime.timedelta(weeks=7 * d + 2 * s)
            plan["dropins"].append({"date": date, "person": others[d % len(others)], "themes": DROPIN_THEMES[d % 5]})
        pool = course_people + others
        for w in range(WORKSHOPS[s]):
            date = datetime.date(2022, 12, 1) + datetime.timedelta(weeks=12 * w + s)
            title, themes = WORKSHOP_TOPICS[(w + s) % len(WORKSHOP_TOPICS)]
            attendees = rng.sample(pool, rng.randint(4, 7))
            if w < len(others):
                attendees = sorted(set(attendees) | {others[w]})
            plan["workshops"].append({"date": date, "title": title, "themes": themes, "people": attendees})
        plan["people"] = course_people + others
        plans.append(plan)
    assert person == PEOPLE
    return plans


def _first_dates(plans: list[dict]) -> dict[int, datetime.date]:
    first: dict[int, datetime.date] = {}

    def see(person: int, date: datetime.date) -> None:
        if person not in first or date < first[person]:
            first[person] = date

    for plan in plans:
        for course in plan["courses"]:
            for date, present in zip(course["dates"], course["attendance"], strict=True):
                for p in present:
                    see(p, date)
        for dropin in plan["dropins"]:
            see(dropin["person"], dropin["date"])
        for workshop in plan["workshops"]:
            for p in workshop["people"]:
                see(p, workshop["date"])
    return first


def seed(stdout=None) -> None:
    rng = random.Random(2023)
    plans = _plan(rng)
    first = _first_dates(plans)
    ages = _ages(rng)
    genders = [Gender.FEMALE] * WOMEN + [Gender.MALE] * (PEOPLE - WOMEN)
    rng.shuffle(genders)
    kits = _kits_by_theme()
    for s, data in enumerate(PILOT_STRUCTURES):
        structure = Structure.objects.get(slug=data["slug"])
        referent_user = User.objects.filter(email=f"referent.{structure.slug}@demo.test").first()
        with schema_context(structure.schema_name):
            if Activity.objects.exists():
                continue
            referents = _referents(s)
            if referent_user and not Referent.objects.filter(user_id=referent_user.pk).exists():
                referent_update(referent=referents[0], user=referent_user)
            plan = plans[s]
            people = {}
            for p in plan["people"]:
                age = ages[p]
                status = (
                    SocialStatus.RETIRED
                    if age >= 63
                    else rng.choice([SocialStatus.JOBLESS, SocialStatus.EMPLOYED, SocialStatus.JOBLESS])
                )
                people[p] = beneficiary_create(
                    structure=structure,
                    label=f"{rng.choice(INITIALS)}. {rng.choice(INITIALS)}.",
                    gender=genders[p],
                    birth_year=first[p].year - age,
                    social_status=status,
                    commune=data["commune"],
                    consent_date=first[p],
                )
            for k, course_plan in enumerate(plan["courses"]):
                device = course_plan["device"]
                course = course_create(
                    structure=structure,
                    title=f"Parcours {'tablette' if device == Device.TABLET else 'ordinateur'} n° {k + 1}",
                    device=device,
                    start_date=course_plan["dates"][0],
                    end_date=course_plan["dates"][-1],
                    capacity=8,
                    referents=referents[:2],
                )
                for member in course_plan["members"]:
                    enrolment_create(structure=structure, course=course, beneficiary=people[member])
                for date, present in zip(course_plan["dates"], course_plan["attendance"], strict=True):
                    course_session_record(
                        structure=structure,
                        user=referent_user,
                        course=course,
                        date=date,
                        duration_minutes=120,
                        attendees=[people[p] for p in present],
                        start_time=datetime.time(14, 0),
                    )
            for workshop in plan["workshops"]:
                activity_create(
                    structure=structure,
                    user=referent_user,
                    kind="workshop",
                    date=workshop["date"],
                    start_time=datetime.time(10, 0),
                    duration_minutes=90,
                    title=workshop["title"],
                    level="debutant",
                    themes=workshop["themes"],
                    equipment=["ordinateur", "telephone"],
                    kit_id=next((kits[t] for t in workshop["themes"] if t in kits), None),
                    beneficiaries=[people[p] for p in workshop["people"]],
                    referents=referents[:1],
                )
            for dropin in plan["dropins"]:
                activity_create(
                    structure=structure,
                    user=referent_user,
                    kind="dropin",
                    date=dropin["date"],
                    duration_minutes=rng.choice([30, 45, 60]),
                    themes=dropin["themes"],
                    equipment=["telephone"],
                    autonomy=rng.choice(["entierement_accompagne", "partiellement_autonome"]),
                    beneficiaries=[people[dropin["person"]]],
                    referents=referents[-1:],
                )
            _recent(structure, referent_user, referents, list(people.values()), s)
    if stdout:
        stdout.write("Pilot activities: 56 sessions, 144 people; and a few recent sessions.")


RECENT_TOPICS = [
    ("Se protéger des arnaques en ligne", ["securite_numerique"], 8, (5, 3)),
    ("Créer et utiliser sa boîte mail", ["email"], 6, (4, 2)),
    ("Accéder à ses droits en ligne", ["aide_aux_demarches_administratives"], 5, (3, 2)),
]


def _recent(structure, user, referents, people, index: int) -> None:
    """A few sessions dated relative to today, so that "this month" is not empty on the first visit.

    They fall after the pilot's period (``PERIOD``), so that the pilot's published figures stay exact.
    """
    today = timezone.localdate()
    days = sorted({0, today.day - 1, 9 + index, 24 + index, 40 + index}) if today.day > 1 else [0, 12 + index]
    dates = [today - datetime.timedelta(days=d) for d in days if today - datetime.timedelta(days=d) > PERIOD[1]]
    for n, date in enumerate(dates):
        title, themes, total, (women, men) = RECENT_TOPICS[(n + index) % len(RECENT_TOPICS)]
        if n % 3 == 2 and people:
            activity_create(
                structure=structure,
                user=user,
                kind="dropin",
                date=date,
                duration_minutes=45,
                themes=["aide_aux_demarches_administratives"],
                autonomy="partiellement_autonome",
                beneficiaries=[people[(index * 7 + n) % len(people)]],
                referents=referents[-1:],
            )
            continue
        activity_create(
            structure=structure,
            user=user,
            kind="workshop",
            date=date,
            start_time=datetime.time(14, 0),
            duration_minutes=90,
            title=title,
            themes=themes,
            equipment=["telephone"],
            anonymous_total=total,
            anonymous_breakdown={"gender": {"feminin": women, "masculin": men, "non_communique": total - women - men}},
            referents=referents[:1],
        )
