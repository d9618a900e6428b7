"""Import of the people accompanied."""

from django.db import transaction

from figures.enums import Gender, SocialStatus
from figures.models import BeneficiaryFact
from tenants.audit import audit_record
from tenants.models import AuditAction
from training.imports.columns import PEOPLE_COLUMNS
from training.imports.files import MAX_ERRORS, ImportRejected, Result, read_table
from training.imports.parsers import check_headers, parse_choice, parse_date, parse_int, parse_text, vocabulary
from training.models import (
    Beneficiary,
    new_beneficiary_code,
)
from training.services.common import in_structure
from training.services.people import person_rule_errors


def import_people(*, structure, uploaded, user=None) -> Result:
    headers, rows = read_table(uploaded)
    check_headers(headers, PEOPLE_COLUMNS)
    genders, statuses = vocabulary(Gender), vocabulary(SocialStatus)
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
        ):
            try:
                values[column] = parse(row.get(column))
            except ValueError as error:
                errors.append((line, column, str(error)))
        year, consent = values.get("annee_naissance"), values.get("date_consentement")
        columns = {"birth_year": "annee_naissance", "consent_date": "date_consentement"}
        for field, message in person_rule_errors(birth_year=year, consent_date=consent).items():
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
        BeneficiaryFact.objects.bulk_create(
            (
                BeneficiaryFact(
                    structure=structure,
                    beneficiary_id=p.pk,
                    gender=p.gender,
                    birth_year=p.birth_year,
                    social_status=p.social_status,
                )
                for p in created
            ),
            batch_size=1000,
        )
        audit_record(
            structure=structure, user=user, action=AuditAction.IMPORT, details={"kind": "people", "rows": len(created)}
        )
    return Result(created=len(created), codes=[p.code for p in created])
