"""Writes on the structure's referents and their network trainings (the latter called through
``training.gateway``)."""

from training.models import (
    Referent,
    ReferentTraining,
)
from training.services.common import full_clean


def referent_create(*, first_name: str, last_name: str, job_title: str = "", user=None, active=True) -> Referent:
    referent = Referent(
        first_name=first_name.strip(), last_name=last_name.strip(), job_title=job_title, user=user, active=active
    )
    full_clean(referent)
    referent.save()
    return referent


def referent_update(*, referent: Referent, **fields) -> Referent:
    for name, value in fields.items():
        setattr(referent, name, value)
    full_clean(referent)
    referent.save()
    return referent


def referent_training_record(*, referent_id: int, session_id: int, module_id: int, status: str) -> None:
    """A referent's registration to one of the network's training sessions, as the network's trainers
    recorded it (``status``: registered, attended or absent)."""
    ReferentTraining.objects.update_or_create(
        referent_id=referent_id, session_id=session_id, defaults={"module_id": module_id, "status": status}
    )


def referent_training_remove(*, referent_id: int, session_id: int) -> None:
    ReferentTraining.objects.filter(referent_id=referent_id, session_id=session_id).delete()
