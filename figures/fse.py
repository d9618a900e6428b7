"""The European Social Fund's (FSE) anonymous summary of a programme's participants, at entry and at exit.

Read from the anonymous facts only, like every figure: the participants are the followed people
accompanied in the period (once per structure, as ``compute_figures`` counts them), described by the
answers of their record at entry; the exits are the people whose exit date is in the period. Each row
counts women, men, people whose gender is not given, and the total.
"""

import datetime
from collections import Counter
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from figures.compute import Period, _rows, _structures, followed_people_sql
from figures.enums import (
    Answer,
    EducationLevel,
    EmploymentSituation,
    ExitSituation,
    FseAgeGroup,
    Gender,
    fse_age_group_for,
)
from figures.periods import period_check

COLUMNS = ("women", "men", "unknown", "total")
HEADERS = {
    "code": _("Code"),
    "label": _("Indicator"),
    "women": _("Women"),
    "men": _("Men"),
    "unknown": _("Gender not given"),
    "total": _("Total"),
}
UNEMPLOYED_ALL = "chomeurs_y_compris_longue_duree"

# (group, code, label) of each row at entry, in the order of the FSE's participant indicators.
ENTRY_ROWS = (
    ("participants", "participants", _("Participants")),
    ("employment", EmploymentSituation.EMPLOYED, _("Employed, including self-employed")),
    ("employment", UNEMPLOYED_ALL, _("Unemployed, including long-term unemployed")),
    ("employment", EmploymentSituation.UNEMPLOYED, _("Unemployed (less than a year)")),
    ("employment", EmploymentSituation.LONG_TERM_UNEMPLOYED, _("Long-term unemployed")),
    ("employment", EmploymentSituation.INACTIVE, _("Inactive")),
    ("employment", EmploymentSituation.IN_TRAINING, _("In education or training")),
    ("employment", EmploymentSituation.UNKNOWN, _("Employment situation not given")),
    ("age", FseAgeGroup.UNDER_25, _("Under 25 years old")),
    ("age", FseAgeGroup.FROM_25, _("25 to 54 years old")),
    ("age", FseAgeGroup.OVER_54, _("Over 54 years old")),
    ("age", FseAgeGroup.UNKNOWN, _("Age not given")),
    ("education", EducationLevel.ISCED_0_2, _("ISCED 0 to 2 (up to lower secondary)")),
    ("education", EducationLevel.ISCED_3_4, _("ISCED 3 or 4 (upper secondary, post-secondary)")),
    ("education", EducationLevel.ISCED_5_8, _("ISCED 5 to 8 (higher education)")),
    ("education", EducationLevel.UNKNOWN, _("Education level not given")),
    ("situation", "minimum_income", _("Receiving a minimum income (RSA…)")),
    ("situation", "single_parent", _("Living in a single-adult household with dependent children")),
    ("situation", "disability", _("People with a disability")),
    ("situation", "qpv", _("People living in a priority neighbourhood of the city policy (QPV)")),
)
EXIT_ROWS = (
    ("exits", "exits", _("Participants who left")),
    ("exit_situation", ExitSituation.EMPLOYED, _("In employment, including self-employed, at exit")),
    ("exit_situation", ExitSituation.TRAINING, _("In education or training at exit")),
    ("exit_situation", ExitSituation.JOB_SEEKING, _("Seeking a job at exit")),
    ("exit_situation", ExitSituation.INACTIVE, _("Inactive at exit")),
    ("exit_situation", ExitSituation.OTHER, _("Other situation at exit")),
    ("exit_situation", ExitSituation.UNKNOWN, _("Situation at exit not given")),
    ("exit_outcome", "autonomous", _("Autonomous with digital tools at exit")),
    ("exit_outcome", "left_minimum_income", _("Left the minimum income (received it at entry, not at exit)")),
)
GROUPS = {
    "participants": _("Participants"),
    "employment": _("Employment situation at entry"),
    "age": _("Age at entry"),
    "education": _("Education level at entry (ISCED)"),
    "situation": _("Household and living situation at entry"),
    "exits": _("Exits"),
    "exit_situation": _("Situation at exit"),
    "exit_outcome": _("Outcomes at exit"),
}


def _gender_column(gender: str | None) -> str:
    return {Gender.FEMALE: "women", Gender.MALE: "men"}.get(gender, "unknown")


def _table(definitions, counts: dict[tuple[str, str], Counter]) -> list[dict]:
    """The rows, counted by (group, code); a "not given" row's code names its group (``age_non_communique``)."""
    rows = []
    for group, code, label in definitions:
        by_gender = counts.get((group, str(code)), Counter())
        shown = f"{group}_{code}" if code == "non_communique" else str(code)
        row = {"group": group, "code": shown, "label": label, **{c: by_gender[c] for c in COLUMNS[:3]}}
        row["total"] = row["women"] + row["men"] + row["unknown"]
        rows.append(row)
    return rows


def fse_table(
    *,
    structure_ids: Iterable[int] | None,
    start: datetime.date | None,
    end: datetime.date | None,
) -> dict:
    """The FSE summary of these structures' participants in the period: rows at entry and at exit, each
    ``{group, code, label, women, men, unknown, total}``. Two queries."""
    period_check(start, end)
    structure_ids = list(structure_ids) if structure_ids is not None else None
    period = Period.split(start, end)
    people_sql, params = followed_people_sql(structure_ids, period, None)
    entry: dict[tuple[str, str], Counter] = {}

    def add(group, code, column, count):
        entry.setdefault((group, str(code)), Counter())[column] += count

    for gender, employment, education, minimum_income, single_parent, disability, qpv, age, count in _rows(
        f"""
        WITH people AS ({people_sql})
        SELECT b.gender, coalesce(b.employment_situation, 'non_communique'),
               coalesce(b.education_level, 'non_communique'), b.minimum_income, b.single_parent, b.disability,
               b.qpv, p.first_year - b.birth_year, count(*)
        FROM people p LEFT JOIN network_beneficiaryfact b
          ON b.structure_id = p.structure_id AND b.beneficiary_id = p.beneficiary_id
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
        """,
        params,
    ):
        column = _gender_column(gender)
        add("participants", "participants", column, count)
        add("employment", employment, column, count)
        if employment in (EmploymentSituation.UNEMPLOYED, EmploymentSituation.LONG_TERM_UNEMPLOYED):
            add("employment", UNEMPLOYED_ALL, column, count)
        add("age", fse_age_group_for(age), column, count)
        add("education", education, column, count)
        for code, answer in (("minimum_income", minimum_income), ("single_parent", single_parent),
                             ("disability", disability), ("qpv", qpv)):  # fmt: skip
            if answer == Answer.YES:
                add("situation", code, column, count)

    exits: dict[tuple[str, str], Counter] = {}
    bounds = [
        clause for clause, value in (("b.exit_date >= %(start)s", start), ("b.exit_date <= %(end)s", end)) if value
    ]
    for gender, situation, autonomous, minimum_income, exit_minimum_income, count in _rows(
        "SELECT b.gender, b.exit_situation, b.exit_autonomous, b.minimum_income, b.exit_minimum_income, count(*) "
        f"FROM network_beneficiaryfact b WHERE {_structures('b.', structure_ids)} AND b.exit_date IS NOT NULL "
        f"{''.join(' AND ' + clause for clause in bounds)} GROUP BY 1, 2, 3, 4, 5",
        {"structures": structure_ids, "start": start, "end": end},
    ):
        column = _gender_column(gender)
        for key, applies in (
            (("exits", "exits"), True),
            (("exit_situation", situation), True),
            (("exit_outcome", "autonomous"), autonomous == Answer.YES),
            (
                ("exit_outcome", "left_minimum_income"),
                minimum_income == Answer.YES and exit_minimum_income == Answer.NO,
            ),
        ):
            if applies:
                exits.setdefault(key, Counter())[column] += count
    return {"start": start, "end": end, "entry": _table(ENTRY_ROWS, entry), "exit": _table(EXIT_ROWS, exits)}
