"""The one door of the network onto the structures' workspaces.

The network's code (public schema) never reads or writes a structure's tables itself: it calls these
functions, which switch to the structure's schema and call the workspace's own services and selectors.
``network`` may import nothing else from ``training`` (an import contract checks it).

The other direction: the workspace shows its referents' network trainings with their module and session
names, which belong to the network. The network registers where to read them
(``register_training_catalogue``, from ``NetworkConfig.ready``), so the workspace does not import it.
"""

from collections.abc import Iterable

from django_tenants.utils import schema_context

from training import catalogue, competences
from training.models import Referent
from training.services import referents as referent_services

# --- Network → structure ----------------------------------------------------------------------


def referents_active(structure) -> list[Referent]:
    """The structure's active referents, by name."""
    with schema_context(structure.schema_name):
        return list(Referent.objects.active().order_by("last_name", "first_name"))


def referent_active(structure, referent_id: int) -> Referent | None:
    with schema_context(structure.schema_name):
        return Referent.objects.filter(pk=referent_id, active=True).first()


def referent_training_record(structure, *, referent_id: int, session_id: int, module_id: int, status: str) -> None:
    """Record (or update) in the structure a referent's registration to a network training session."""
    with schema_context(structure.schema_name):
        referent_services.referent_training_record(
            referent_id=referent_id, session_id=session_id, module_id=module_id, status=status
        )


def referent_training_remove(structure, *, referent_id: int, session_id: int) -> None:
    with schema_context(structure.schema_name):
        referent_services.referent_training_remove(referent_id=referent_id, session_id=session_id)


def referents_ensure(structure, people: Iterable[tuple[str, str, str]]) -> list[Referent]:
    """The structure's referents; when it has none yet, these (first name, last name, job title) created
    (the demonstration's network trainings)."""
    with schema_context(structure.schema_name):
        existing = list(Referent.objects.order_by("pk"))
        if existing:
            return existing
        return [
            referent_services.referent_create(first_name=first, last_name=last, job_title=job)
            for first, last, job in people
        ]


# --- Structure ← network: the catalogue of the network's trainings (see ``training.catalogue``) ---

register_training_catalogue = catalogue.register


# --- Structure ← network: the competences its programmes assess (see ``training.competences``) ---

register_assessed_competences = competences.register
