"""Import of the people accompanied."""

from django.db import transaction

from figures.enums import (
    Answer,
    EducationLevel,
    EmploymentSituation,
    ExitSituation,
    Gender,
    ReferralSource,
    SocialStatus,
)
from figures.models import BeneficiaryFact
from tenants.audit import audit_record
from tenants.models import AuditAction
from training import facts
from training.imports.columns import PEOPLE_COLUMNS, PEOPLE_JOURNEY_COLUMNS
from training.imports.files import MAX_ERRORS, ImportRejected, Result, read_table
from training.imports.parsers import check_headers, parse_choice, parse_date, parse_int, parse_text, vocabulary
from training.models import (
    Beneficiary,
    new_beneficiary_code,
)
from training.services.common import in_structure
from training.services.people import EXIT_ANSWERS, JOURNEY_CODES, JOURNEY_DATES, person_rule_errors


def _journey_parsers() -> dict:
    """The parser of each journey column: dates, the partner's text, or a vocabulary's codes."""
    answers = vocabulary(Answer)
    vocabularies = {
        "referral_source": vocabulary(ReferralSource), "exit_situation": vocabulary(ExitSituation),
        "employment_situation": vocabulary(EmploymentSituation), "education_level": vocabulary(EducationLevel),
    }  # fmt: skip
    parsers = {}
    for field, column in PEOPLE_JOURNEY_COLUMNS.items():
        if field in JOURNEY_DATES:
            parsers[column] = parse_date
        elif field == "referral_partner":
            parsers[column] = lambda v: parse_text(v)[:150]
        else:
            lookup, unknown = vocabularies.get(field, answers), JOURNEY_CODES[field]
            parsers[column] = lambda v, lookup=lookup, unknown=unknown: parse_choice(v, lookup) or unknown
    return parsers


def import_people(*, structure, uploaded, user=None) -> Result:
    headers, rows = read_table(uploaded)
    check_headers(headers, PEOPLE_COLUMNS)
    genders, statuses = vocabulary(Gender), vocabulary(SocialStatus)
    journey_parsers = _journey_parsers()
    columns = {"birth_year": "annee_naissance", "consent_date": "date_consentement", **PEOPLE_JOURNEY_COLUMNS}
    errors, people = [], []
    for row in rows:
        line = row["__line__"]
        values = {}
        for column, parse in (
            ("initiales", lambda v: parse_text(v)[:50]),
            ("genre", lambda v: parse_choice(v, genders) or Gender.UNKNOWN),
            ("annee_naissance", parse_int),
            ("statut", lambda v: parse_choice(v, statuses) or SocialStatus.UNKNOWN),
            ("commune", lambda v: parse_text(v)[:120]),
            ("date_consentement", parse_date),
            *journey_parsers.items(),
        ):
            try:
                values[column] = parse(row.get(column))
            except ValueError as error:
                errors.append((line, column, str(error)))
        year, consent = values.get("annee_naissance"), values.get("date_consentement")
        journey = {field: values.get(column) for field, column in PEOPLE_JOURNEY_COLUMNS.items()}
        journey = {
            field: value if value is not None else ("" if field == "referral_partner" else JOURNEY_CODES.get(field))
            for field, value in journey.items()
        }
        rules = {name: journey[name] for name in (*JOURNEY_DATES, *EXIT_ANSWERS)}
        for field, message in person_rule_errors(birth_year=year, consent_date=consent, **rules).items():
            if columns[field] not in {column for _line, column, _message in errors if _line == line}:
                errors.append((line, columns[field], message))
        if len(errors) >= MAX_ERRORS:
            break
        people.append(
            Beneficiary(
                label=values.get("initiales", ""),
                gender=values.get("genre") or Gender.UNKNOWN,
                birth_year=year,
                social_status=values.get("statut") or SocialStatus.UNKNOWN,
                commune=values.get("commune", ""),
                consent_date=consent,
                **journey,
            )
        )
    if errors:
        raise ImportRejected(errors)
    with in_structure(structure), transaction.atomic():
        taken = set(Beneficiary.objects.values_list("code", flat=True))
        for person in people:
            while person.code in taken:
                person.code = new_beneficiary_code()
            taken.add(person.code)
        created = Beneficiary.objects.bulk_create(people, batch_size=1000)
        BeneficiaryFact.objects.bulk_create((facts.beneficiary_fact(structure, p) for p in created), batch_size=1000)
        audit_record(
            structure=structure, user=user, action=AuditAction.IMPORT, details={"kind": "people", "rows": len(created)}
        )
    return Result(created=len(created), codes=[p.code for p in created])
