"""The shared reference of digital skills: Pix's 5 areas and 16 competences (from the European DigComp).

Levels: the platform assesses beginners, below and up to Pix's first levels. A competence is scored
0 to 3 on the beginner stage of Pix ("novice", Pix levels 1 and 2):

- 0 not acquired ("non acquis": cannot do it, even with help),
- 1 beginner ("débutant": does it with help),
- 2 in progress ("en cours": does it nearly alone),
- 3 acquired ("acquis": does it alone, about Pix level 1 to 2).

Before the reference, the platform's own grid had five areas scored the same way; ``LEGACY_AREAS``
maps each onto one competence (used by the data migration of ``training``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SkillArea(models.TextChoices):
    INFORMATION = "1", _("Information and data")
    COMMUNICATION = "2", _("Communication and collaboration")
    CONTENT = "3", _("Content creation")
    SAFETY = "4", _("Protection and safety")
    ENVIRONMENT = "5", _("Digital environment")


class Competence(models.TextChoices):
    SEARCH = "1.1", _("Searching for and keeping up with information")
    DATA_MANAGE = "1.2", _("Managing data")
    DATA_PROCESS = "1.3", _("Processing data")
    INTERACT = "2.1", _("Interacting")
    SHARE = "2.2", _("Sharing and publishing")
    COLLABORATE = "2.3", _("Collaborating")
    DIGITAL_WORLD = "2.4", _("Taking part in the digital world")
    TEXT = "3.1", _("Developing text documents")
    MULTIMEDIA = "3.2", _("Developing multimedia documents")
    ADAPT = "3.3", _("Adapting documents to their purpose")
    PROGRAMMING = "3.4", _("Programming")
    SECURE = "4.1", _("Securing the digital environment")
    PRIVACY = "4.2", _("Protecting personal data and privacy")
    HEALTH = "4.3", _("Protecting health, well-being and the environment")
    TROUBLESHOOT = "5.1", _("Solving technical problems")
    BUILD = "5.2", _("Building a digital environment")


class SkillLevel(models.IntegerChoices):
    NOT_ACQUIRED = 0, _("Not acquired")
    BEGINNER = 1, _("Beginner (with help)")
    IN_PROGRESS = 2, _("In progress (nearly alone)")
    ACQUIRED = 3, _("Acquired (alone)")


LEVEL_MIN, LEVEL_MAX = 0, 3

# The competences a programme assesses unless the network chooses others: those of a first course.
DEFAULT_COMPETENCES = ("1.1", "2.1", "2.4", "4.1", "5.1")

# The platform's former grid → the competence each area now counts for.
LEGACY_AREAS = {
    "browsing": "1.1",
    "messaging": "2.1",
    "procedures": "2.4",
    "security": "4.1",
    "device_handling": "5.1",
}


def area_of(competence: str) -> str:
    """The area of a competence: "2.4" → "2"."""
    return competence.split(".", 1)[0]


def competences_of(area: str) -> list[str]:
    return [code for code in Competence.values if area_of(code) == area]


def ordered(codes) -> list[str]:
    """Known competence codes, once each, in the reference's order."""
    codes = set(codes)
    return [code for code in Competence.values if code in codes]


def scores_from_legacy(levels: dict) -> dict[str, int]:
    """The scores of an assessment on the former grid: {area field: level} → {competence: level}."""
    return {
        LEGACY_AREAS[area]: int(level) for area, level in levels.items() if area in LEGACY_AREAS and level is not None
    }


def scores_by_area(scores: dict) -> dict[str, float]:
    """The mean level per area of the competences scored in it."""
    sums: dict[str, list[int]] = {}
    for code, level in scores.items():
        sums.setdefault(area_of(code), []).append(int(level))
    return {area: round(sum(levels) / len(levels), 2) for area, levels in sorted(sums.items())}


def default_competences() -> list[str]:
    """A new programme's competences (a callable default for model fields)."""
    return list(DEFAULT_COMPETENCES)


def area_rows(assessments: dict) -> list[dict]:
    """The figures' ``assessments`` per area, in the reference's order, with labels and percentages."""
    rows = []
    for code, label in SkillArea.choices:
        row = dict(assessments.get(code) or {})
        share = row.get("progressed_share")
        rows.append(
            {**row, "code": code, "label": label, "progressed_pct": None if share is None else round(share * 100)}
        )
    return rows
