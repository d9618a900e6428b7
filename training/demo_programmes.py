"""Demo structures and records of the three other programmes of the articles, built so that each
funder report shows its article's figures (``docs/PROGRAMMES.md`` lists them, figure by figure):

- Bagnolet 2014 (``bagnolet-ccas-fracture-numerique.txt``): the CCAS, 32 people (19 aged 25–44),
  an intensive course and two "redynamisation" courses, 25 laptops and 7 desktops given at two
  ceremonies (12 then 20 people), 22 connectivity subsidies of 150 €;
- Charente 2017–2018 (``charente-rsa-numerique.txt``): the training provider's awareness meetings
  (15,000 invited by letter, 3,000 attendees, 200 then followed individually) and the follow-up of
  those 200 people;
- the Landes 2020–2021 (``landes-alpi-inclusion-numerique.txt``): five places of the departmental
  network, their courses with Pix / DigComp assessments at entry and exit, refurbished computers
  from Ordi Pin40.

Each person's journey is recorded too (referral, evaluation, exit, FSE participant data). The network
side (programmes, coaching plans, fundings, targets, recorded indicators, trainings) is
``network.demo_programmes``, which runs after this. Everything is written through the services, so
the facts follow; nothing is written in. Idempotent: a structure that already has activities is left
alone.
"""

import datetime
import random

from django_tenants.utils import schema_context

from figures.enums import (
    ActivityKind,
    Answer,
    EducationLevel,
    EmploymentSituation,
    ExitSituation,
    Gender,
    ReferralSource,
    SocialStatus,
)
from tenants.demo import BAGNOLET, CHARENTE, LANDES, demo_user
from tenants.enums import MembershipRole, StructureStatus
from tenants.models import Structure
from tenants.services import membership_set, structure_create
from training import facts, practices
from training.competences import assessed_competences
from training.imports.activities import activities_bulk_write
from training.models import Activity
from training.services.activities import activity_create, activity_rule_errors, normalise_breakdown
from training.services.common import in_structure
from training.services.courses import assessment_record, course_create, course_session_record
from training.services.enrolments import enrolment_create
from training.services.people import beneficiary_create
from training.services.referents import referent_create

# The people's staff: (first name, last name, job title); names are the demo's own.
REFERENTS = {
    "ccas-bagnolet": [("Farid", "Mansouri", "Intervenant informatique"),
                      ("Hélène", "Roux", "Intervenante informatique"),
                      ("Patrick", "Nguyen", "Responsable de l'aide sociale légale")],
    "nouveaux-commerciaux": [("Lucas", "Perrin", "Formateur numérique"), ("Inès", "Fabre", "Formatrice numérique"),
                             ("Marc", "Girard", "Conseiller en développement")],
    "landes-morcenx": [("Lise", "Darrigade", "Médiatrice numérique"), ("Paul", "Lalanne", "Bibliothécaire"),
                       ("Anne", "Dupouy", "Agente d'accueil")],
    "landes-mont-de-marsan": [("Sarah", "Labat", "Conseillère ESF"), ("Hugo", "Castaing", "Travailleur social"),
                              ("Marie", "Lafitte", "Agente d'accueil")],
    "landes-dax": [("Nora", "Haddad", "Travailleuse sociale"), ("Jean", "Dubernet", "Médiateur numérique"),
                   ("Chloé", "Barrère", "Agente d'accueil")],
    "landes-mimizan": [("Julie", "Bordes", "Conseillère France services"),
                       ("Éric", "Lamarque", "Conseiller France services"), ("Léa", "Saint-Martin", "Médiatrice")],
    "landes-tyrosse": [("Karim", "Benhamou", "Animateur multimédia"), ("Sophie", "Ducamp", "Conseillère en insertion"),
                       ("Thomas", "Larrieu", "Animateur")],
}  # fmt: skip

INITIALS = "ABCDEFGHJLMNPRSTV"

# --- Bagnolet 2014 ---------------------------------------------------------------------------------
BAGNOLET_RSA_ATELIER = "Atelier informatique du service insertion RSA (Centre de quartier Anne Frank)"
BAGNOLET_RPA_ATELIER = "Atelier informatique de la résidence pour personnes âgées La Butte aux Pinsons"
FIRST_CEREMONY, SECOND_CEREMONY = datetime.date(2014, 11, 5), datetime.date(2014, 12, 19)
# 32 people (the article's "32 bénéficiaires du dispositif au lieu de 40 prévus"): 22 referred by the RSA
# service and 10 by the seniors' service (the article's own 32:15 ratio, its 51 not adding up); 19 of the
# 32 aged 25–44 (59.37 %); the ages are at their first session, in 2014.
BAGNOLET_RSA_AGES = [26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 47, 52, 57]
BAGNOLET_SENIOR_AGES = [61, 63, 64, 66, 67, 69, 70, 72, 74, 77]
BAGNOLET_RSA_WOMEN = 17  # of 22
BAGNOLET_SINGLE_PARENTS = 20  # of the 32, all referred by the RSA service: "célibataire avec enfants (62.5 %)"
BAGNOLET_RSA_SERVICE = "Service insertion RSA, Ville de Bagnolet"
BAGNOLET_SENIORS_SERVICE = "Service d'aide à la retraite (SAR) du CCAS"
BAGNOLET_SENIOR_WOMEN = 6  # of 10
BAGNOLET_LAPTOPS, BAGNOLET_DESKTOPS = 25, 7
BAGNOLET_SUBSIDIES, BAGNOLET_SUBSIDY_AMOUNT = 22, 150
BAGNOLET_COURSES = [
    # (title, place, days of the week, first Monday, weeks, minutes a session, who: "intensive" / "rsa" / "seniors")
    ("Stage intensif précarité numérique", BAGNOLET_RSA_ATELIER, (0, 1, 3), datetime.date(2014, 9, 29), 4, 360,
     "intensive"),
    ("Ateliers de redynamisation – service insertion RSA", BAGNOLET_RSA_ATELIER, (0, 2, 4), datetime.date(2014, 10, 6),
     8, 180, "rsa"),
    ("Ateliers de redynamisation – résidence La Butte aux Pinsons", BAGNOLET_RPA_ATELIER, (1, 3, 4),
     datetime.date(2014, 10, 13), 8, 180, "seniors"),
]  # fmt: skip

# --- Charente 2017–2018 ----------------------------------------------------------------------------
CHARENTE_MEETINGS = [
    # (date, commune); 20 meetings: 750 invited by letter, 150 attendees and 10 then followed individually each
    (datetime.date(2017, 4, 20), "Angoulême"), (datetime.date(2017, 4, 27), "Cognac"),
    (datetime.date(2017, 5, 4), "Confolens"), (datetime.date(2017, 5, 11), "Ruffec"),
    (datetime.date(2017, 5, 18), "Barbezieux-Saint-Hilaire"), (datetime.date(2017, 5, 23), "Soyaux"),
    (datetime.date(2017, 6, 1), "La Couronne"), (datetime.date(2017, 6, 8), "Jarnac"),
    (datetime.date(2017, 6, 15), "Chabanais"), (datetime.date(2017, 6, 22), "La Rochefoucauld"),
    (datetime.date(2017, 9, 7), "Angoulême"), (datetime.date(2017, 9, 14), "Cognac"),
    (datetime.date(2017, 9, 21), "Montbron"), (datetime.date(2017, 9, 28), "Chalais"),
    (datetime.date(2017, 10, 5), "Ruelle-sur-Touvre"), (datetime.date(2017, 10, 12), "Châteauneuf-sur-Charente"),
    (datetime.date(2017, 10, 19), "Aigre"), (datetime.date(2017, 11, 9), "Angoulême"),
    (datetime.date(2017, 11, 16), "Segonzac"), (datetime.date(2017, 11, 23), "Villebois-Lavalette"),
]  # fmt: skip
CHARENTE_INVITED, CHARENTE_ATTENDEES, CHARENTE_FOLLOWED = 750, 150, 10  # per meeting
CHARENTE_PEOPLE = 200
CHARENTE_MEETINGS_PER_PERSON = 3  # "à plusieurs reprises"
CHARENTE_SELF_EMPLOYED = 140  # "essentiellement les travailleurs indépendants … ayant une activité"
CHARENTE_END = datetime.date(2018, 6, 29)
CHARENTE_LEFT_RSA = 8
CHARENTE_REFERRAL_PARTNER = "Département de la Charente, direction de l'insertion (courrier d'invitation)"
CHARENTE_TOPICS = [
    ("Projet : créer son site internet", ["creer_avec_le_numerique", "entrepreneuriat"]),
    ("Projet : vendre ses services sur les réseaux sociaux", ["reseaux_sociaux", "entrepreneuriat"]),
    ("Droits en ligne : espace CAF et déclaration trimestrielle", ["aide_aux_demarches_administratives",
                                                                   "social_sante"]),
    ("Parcours e-learning : choisir ses formations", ["insertion_professionnelle", "bureautique"]),
]  # fmt: skip

# --- The Landes 2020–2021 --------------------------------------------------------------------------
LANDES_COURSES = [datetime.date(2020, 10, 12)]  # per place, six weekly sessions
LANDES_DROPIN_MONTHS = (1, 4, 7, 10)  # of 2021, one individual drop-in each
LANDES_COURSE_SIZE = 6
LANDES_REFERRALS = {
    ReferralSource.SOCIAL_WORKER: "Service social départemental des Landes",
    ReferralSource.PARTNER: "Structure signataire du Pacte territorial d'insertion",
    ReferralSource.EMPLOYMENT_SERVICE: "Pôle emploi, agence des Landes",
}
LANDES_QPV = ("landes-mont-de-marsan", "landes-dax")  # the places with priority neighbourhoods nearby
LANDES_ORDI_PIN40 = 3  # refurbished computers per place, to people who completed a course
LANDES_AUTONOMOUS_LEVEL = 1.6  # mean exit level (0–3) from which the exit assessment says "autonomous"


def _structure(data: dict) -> tuple[Structure, bool, list, object]:
    """The structure; whether its records are still to write, with its referents then; its manager's
    demo account."""
    structure = Structure.objects.filter(slug=data["slug"]).first()
    if structure is None:
        structure = structure_create(status=StructureStatus.AUTONOMOUS, **data)
    manager = demo_user(f"direction.{data['slug']}@demo.test", first_name="Direction", last_name=data["name"])
    membership_set(user=manager, structure=structure, role=MembershipRole.MANAGER)
    with schema_context(structure.schema_name):
        todo = not Activity.objects.exists()
        referents = (
            [referent_create(first_name=f, last_name=last, job_title=job) for f, last, job in REFERENTS[data["slug"]]]
            if todo
            else []
        )
    return structure, todo, referents, manager


def _label(rng: random.Random) -> str:
    return f"{rng.choice(INITIALS)}. {rng.choice(INITIALS)}."


def _dates(first_monday: datetime.date, weekdays, weeks: int) -> list[datetime.date]:
    return [first_monday + datetime.timedelta(weeks=w, days=d) for w in range(weeks) for d in weekdays]


def seed(stdout=None) -> None:
    _bagnolet()
    _charente()
    _landes()
    if stdout:
        stdout.write("Programmes of the articles: Bagnolet 2014, Charente 2017–2018, the Landes 2020–2021.")


def _bagnolet_journey(group: str, i: int, first_day: datetime.date) -> dict:
    """Referred by the RSA service or the seniors' service, evaluated by the legal aid service, out of the
    scheme on the day of their ceremony. The article publishes no result for its goals (80 % autonomous,
    50 % in a priority neighbourhood): those answers stay "not given"."""
    referral = first_day - datetime.timedelta(days=21 - i % 7)
    seniors = group == "seniors"
    return {
        "referral_source": ReferralSource.SENIORS_SERVICE if seniors else ReferralSource.RSA_SERVICE,
        "referral_partner": BAGNOLET_SENIORS_SERVICE if seniors else BAGNOLET_RSA_SERVICE,
        "referral_date": referral,
        "evaluation_date": referral + datetime.timedelta(days=7),
        "exit_date": FIRST_CEREMONY if group == "intensive" else SECOND_CEREMONY,
        "minimum_income": Answer.YES,
    }


def _bagnolet() -> None:
    structure, todo, referents, manager = _structure(BAGNOLET)
    if not todo:
        return
    rng = random.Random(2014)
    trainers = referents[:2]
    first_day = {"intensive": datetime.date(2014, 9, 29), "rsa": datetime.date(2014, 10, 6),
                 "seniors": datetime.date(2014, 10, 14)}  # fmt: skip
    groups: dict[str, list] = {"intensive": [], "rsa": [], "seniors": []}
    # The intensive course's 12 people (first ceremony), then the RSA redynamisation group's 10.
    order = list(range(len(BAGNOLET_RSA_AGES)))
    rng.shuffle(order)
    for i, age in enumerate(BAGNOLET_RSA_AGES):
        group = "intensive" if order.index(i) < 12 else "rsa"
        groups[group].append(
            beneficiary_create(
                structure=structure,
                label=_label(rng),
                gender=Gender.FEMALE if i < BAGNOLET_RSA_WOMEN else Gender.MALE,
                birth_year=2014 - age,
                social_status=SocialStatus.JOBLESS,
                commune="Bagnolet",
                consent_date=first_day[group],
                **_bagnolet_journey(group, i, first_day[group]),
                single_parent=Answer.YES if i < BAGNOLET_SINGLE_PARENTS else Answer.NO,
                employment_situation=EmploymentSituation.LONG_TERM_UNEMPLOYED,
            )
        )
    for i, age in enumerate(BAGNOLET_SENIOR_AGES):
        groups["seniors"].append(
            beneficiary_create(
                structure=structure,
                label=_label(rng),
                gender=Gender.FEMALE if i < BAGNOLET_SENIOR_WOMEN else Gender.MALE,
                birth_year=2014 - age,
                social_status=SocialStatus.RETIRED,
                commune="Bagnolet",
                consent_date=first_day["seniors"],
                **_bagnolet_journey("seniors", i, first_day["seniors"]),
                single_parent=Answer.NO,
                employment_situation=EmploymentSituation.INACTIVE,
            )
        )
    assert [len(g) for g in groups.values()] == [12, 10, 10]
    for title, _place, weekdays, monday, weeks, minutes, who in BAGNOLET_COURSES:
        dates = [d for d in _dates(monday, weekdays, weeks) if d >= first_day[who]]
        members = groups[who]
        course = course_create(
            structure=structure, title=title, device="computer", start_date=dates[0], end_date=dates[-1],
            planned_hours=len(dates) * minutes // 60, capacity=15, referents=trainers,
        )  # fmt: skip
        for person in members:
            enrolment_create(structure=structure, course=course, beneficiary=person, user=manager)
        for n, date in enumerate(dates):
            present = [p for p in members if n == 0 or rng.random() < 0.92]
            course_session_record(
                structure=structure, user=manager, course=course, date=date, duration_minutes=minutes,
                attendees=present, start_time=datetime.time(9 if minutes > 180 else 14),
                themes=["prendre_en_main_du_materiel", "navigation_sur_internet", "email", "insertion_professionnelle"]
                if who != "seniors" else ["prendre_en_main_du_materiel", "navigation_sur_internet", "email"],
            )  # fmt: skip
    # The two ceremonies: the intensive course's 12 people early November, the other 20 late December.
    # 7 desktops to seniors of the residence, 25 laptops; a 150 € subsidy (a year's subscription) to the
    # 22 people referred by the RSA service.
    given = [(p, FIRST_CEREMONY) for p in groups["intensive"]]
    given += [(p, SECOND_CEREMONY) for p in groups["rsa"] + groups["seniors"]]
    desktops = {p.pk for p in groups["seniors"][:BAGNOLET_DESKTOPS]}
    subsidised = {p.pk for p in groups["intensive"] + groups["rsa"]}
    requirement = "Évaluation des professionnels en fin de stage"
    for person, date in given:
        practices.equipment_give(
            structure=structure, beneficiary=person, kind="desktop" if person.pk in desktops else "laptop",
            date=date, condition="refurbished", partner="TAE (Travailler et apprendre ensemble)",
            requirement=requirement,
        )  # fmt: skip
        if person.pk in subsidised:
            practices.equipment_give(
                structure=structure, beneficiary=person, kind="connectivity", date=date,
                amount=BAGNOLET_SUBSIDY_AMOUNT, duration_months=12, partner="Service de l'aide légale du CCAS",
                requirement=requirement,
            )  # fmt: skip


def _charente() -> None:
    structure, todo, referents, manager = _structure(CHARENTE)
    if not todo:
        return
    rng = random.Random(2017)
    trainers = referents[:2]
    people, followups = [], []
    for i in range(CHARENTE_PEOPLE):
        meeting_date, commune = CHARENTE_MEETINGS[i // CHARENTE_FOLLOWED]
        # The individual follow-up: several meetings with the team, from two weeks after the awareness meeting.
        dates = [
            min(meeting_date + datetime.timedelta(days=14 + 42 * n + i % 7), CHARENTE_END)
            for n in range(CHARENTE_MEETINGS_PER_PERSON)
        ]
        followups.append(dates)
        self_employed = i % 10 < 7
        left_rsa = i % 25 == 3  # "plusieurs personnes de sortir du dispositif RSA": 8 of the 200
        people.append(
            beneficiary_create(
                structure=structure,
                label=_label(rng),
                gender=Gender.FEMALE if i % 2 else Gender.MALE,
                birth_year=meeting_date.year - rng.randint(27, 61),
                social_status=SocialStatus.EMPLOYED if self_employed else SocialStatus.JOBLESS,
                commune=commune,
                consent_date=dates[0],
                # Invited by the Département's letter, they chose the follow-up at their meeting; the first
                # individual meeting takes stock of their project, the last one closes the follow-up.
                referral_source=ReferralSource.RSA_SERVICE,
                referral_partner=CHARENTE_REFERRAL_PARTNER,
                referral_date=meeting_date,
                evaluation_date=dates[0],
                exit_date=dates[-1],
                minimum_income=Answer.YES,
                employment_situation=EmploymentSituation.EMPLOYED if self_employed else EmploymentSituation.UNEMPLOYED,
                exit_minimum_income=Answer.NO if left_rsa else Answer.UNKNOWN,
                exit_situation=ExitSituation.EMPLOYED if left_rsa else ExitSituation.UNKNOWN,
            )
        )
    assert sum(p.exit_minimum_income == Answer.NO for p in people) == CHARENTE_LEFT_RSA
    assert sum(p.social_status == SocialStatus.EMPLOYED for p in people) == CHARENTE_SELF_EMPLOYED
    rows = []
    for date, commune in CHARENTE_MEETINGS:
        rows.append(
            (
                Activity(
                    kind=ActivityKind.AWARENESS, date=date, start_time=datetime.time(14), duration_minutes=120,
                    title="Réunion de sensibilisation aux usages d'internet et du numérique",
                    place_name=commune, anonymous_total=CHARENTE_ATTENDEES,
                    anonymous_already_seen=CHARENTE_FOLLOWED, invited_count=CHARENTE_INVITED,
                    followup_individual_count=CHARENTE_FOLLOWED,
                    themes=["culture_numerique", "insertion_professionnelle"],
                    notes="Invitations envoyées par courrier par le Département ; présentation de la plateforme "
                    "d'e-learning.",
                ),
                [],
                {trainers[0].pk},
            )
        )  # fmt: skip
    for i, (person, dates) in enumerate(zip(people, followups, strict=True)):
        for n, date in enumerate(dates):
            title, themes = CHARENTE_TOPICS[(i + n) % len(CHARENTE_TOPICS)]
            rows.append(
                (
                    Activity(
                        kind=ActivityKind.DROPIN, date=date, start_time=datetime.time(9 + n * 2),
                        duration_minutes=rng.choice([60, 90, 120]), title=title, themes=themes,
                        equipment=["ordinateur"], place_name=person.commune,
                        autonomy=["entierement_accompagne", "partiellement_autonome", "autonome"][n],
                    ),
                    [person.pk],
                    {trainers[i % 2].pk},
                )
            )  # fmt: skip
    # Hundreds of sessions: written in bulk, checked by the same rules as one logged by hand.
    parsed = []
    for activity, person_ids, referent_ids in rows:
        errors = activity_rule_errors(activity, len(person_ids))
        assert not errors, errors
        activity.anonymous_breakdown = normalise_breakdown(activity.anonymous_total, {})
        activity.created_by_id = manager.pk
        parsed.append((activity, person_ids, referent_ids, facts.activity_fact_values(activity, len(person_ids))))
    with in_structure(structure):
        activities_bulk_write(structure=structure, user=manager, parsed=parsed, source="demo")


def _landes_journey(rng, data: dict, start: datetime.date, end: datetime.date, exit_scores: dict) -> dict:
    """People in an integration pathway (Pacte territorial d'insertion), referred by the partner who
    accompanies them; autonomous at exit when their exit assessment's mean level is high enough.
    The FSE's participant data at entry and exit; the article gives none: the values are the demo's."""
    referral = start - datetime.timedelta(days=rng.randint(10, 30))
    mean_exit = sum(exit_scores.values()) / len(exit_scores)
    source = rng.choice(list(LANDES_REFERRALS))
    return {
        "referral_source": source,
        "referral_partner": LANDES_REFERRALS[source],
        "referral_date": referral,
        "evaluation_date": referral + datetime.timedelta(days=7),
        "exit_date": end,
        "exit_autonomous": Answer.YES if mean_exit >= LANDES_AUTONOMOUS_LEVEL else Answer.NO,
        "exit_situation": rng.choice([ExitSituation.EMPLOYED, ExitSituation.TRAINING, ExitSituation.JOB_SEEKING,
                                      ExitSituation.JOB_SEEKING, ExitSituation.INACTIVE]),
        "qpv": (Answer.YES if rng.random() < 0.4 else Answer.NO) if data["slug"] in LANDES_QPV else Answer.NO,
        "employment_situation": rng.choice([EmploymentSituation.UNEMPLOYED, EmploymentSituation.LONG_TERM_UNEMPLOYED,
                                            EmploymentSituation.INACTIVE]),
        "education_level": rng.choice([EducationLevel.ISCED_0_2, EducationLevel.ISCED_0_2, EducationLevel.ISCED_3_4,
                                       EducationLevel.ISCED_5_8]),
        "minimum_income": Answer.YES if rng.random() < 0.6 else Answer.NO,
    }  # fmt: skip


def _landes() -> None:
    for index, data in enumerate(LANDES):
        structure, todo, referents, manager = _structure(data)
        if not todo:
            continue
        rng = random.Random(40 + index)
        competences = assessed_competences(structure)
        for k, start in enumerate(LANDES_COURSES):
            start = start + datetime.timedelta(days=index)
            dates = [start + datetime.timedelta(weeks=w) for w in range(6)]
            course = course_create(
                structure=structure, title=f"Parcours « Premiers pas numériques » n° {k + 1}", device="computer",
                start_date=dates[0], end_date=dates[-1], capacity=8, referents=referents[:2],
            )  # fmt: skip
            # Entry and exit levels first: the exit assessment says whether the person is autonomous at exit.
            scores = []
            for _ in range(LANDES_COURSE_SIZE):
                entry = {code: rng.choice([0, 0, 1, 1, 2]) for code in competences}
                scores.append((entry, {code: min(3, n + rng.choice([0, 1, 1, 2])) for code, n in entry.items()}))
            members = [
                beneficiary_create(
                    structure=structure,
                    label=_label(rng),
                    gender=Gender.FEMALE if rng.random() < 0.55 else Gender.MALE,
                    birth_year=start.year - rng.randint(22, 64),
                    social_status=rng.choice([SocialStatus.JOBLESS, SocialStatus.JOBLESS, SocialStatus.EMPLOYED]),
                    commune=data["commune"],
                    consent_date=start,
                    **_landes_journey(rng, data, start, dates[-1], exit_scores),
                )
                for _entry, exit_scores in scores
            ]
            for person, (entry, _exit) in zip(members, scores, strict=True):
                enrolment_create(structure=structure, course=course, beneficiary=person, user=manager)
                assessment_record(structure=structure, beneficiary=person, moment="entry", date=dates[0],
                                  course=course, scores=entry, user=manager)  # fmt: skip
            for n, date in enumerate(dates):
                present = [p for p in members if n == 0 or rng.random() < 0.9]
                course_session_record(
                    structure=structure, user=manager, course=course, date=date, duration_minutes=120,
                    attendees=present, start_time=datetime.time(14),
                )  # fmt: skip
            for person, (_entry, exit_scores) in zip(members, scores, strict=True):
                assessment_record(structure=structure, beneficiary=person, moment="exit", date=dates[-1],
                                  course=course, scores=exit_scores, user=manager)  # fmt: skip
            if k == 0:
                for person in members[:LANDES_ORDI_PIN40]:
                    practices.equipment_give(
                        structure=structure, beneficiary=person, kind="desktop",
                        date=dates[-1] + datetime.timedelta(days=10), condition="refurbished", partner="Ordi Pin40",
                        requirement="Parcours terminé ; orientation par un référent du réseau",
                    )  # fmt: skip
        # Individual drop-ins in 2021, for people outside the courses.
        for month in LANDES_DROPIN_MONTHS:
            date = datetime.date(2021, month, 10 + index)
            walk_in = beneficiary_create(
                structure=structure, label=_label(rng), gender=rng.choice([Gender.FEMALE, Gender.MALE]),
                birth_year=2021 - rng.randint(25, 80), social_status=rng.choice(SocialStatus.values[:4]),
                commune=data["commune"], consent_date=date,
            )  # fmt: skip
            activity_create(
                structure=structure, user=manager, kind="dropin", date=date, duration_minutes=45,
                themes=["aide_aux_demarches_administratives", "email"], equipment=["ordinateur"],
                autonomy="partiellement_autonome", beneficiaries=[walk_in], referents=referents[2:],
            )  # fmt: skip
