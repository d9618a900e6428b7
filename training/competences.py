"""Where the workspace reads which competences of the shared reference its assessments score.

The network's programmes choose them (``Programme.competences``); the network sits above the
workspace, so it registers its reader here through ``training.gateway.register_assessed_competences``
(from ``NetworkConfig.ready``). Without a reader, or for a structure in no programme, the
reference's beginner set (``figures.reference.DEFAULT_COMPETENCES``).
"""

from collections.abc import Callable

from figures.reference import DEFAULT_COMPETENCES, ordered

_readers: dict[str, Callable] = {}


def register(*, competences: Callable[[int], list[str]]):
    """``competences(structure_id)``: the codes the structure's programmes assess (empty: none chosen)."""
    _readers["competences"] = competences


def assessed_competences(structure) -> list[str]:
    """The competence codes the structure assesses, in the reference's order."""
    reader = _readers.get("competences")
    codes = ordered(reader(structure.pk)) if reader else []
    return codes or list(DEFAULT_COMPETENCES)
