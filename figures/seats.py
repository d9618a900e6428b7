"""The waiting list of anything with seats: the network's trainings and a structure's workshop calendar.

One rule for both:
- a seat is held by a registration that is registered, attended or absent (cancelled and waiting
  ones hold none);
- a new registration gets a seat while seats held < capacity, else goes on the waiting list;
- when seats free up, the waiting list is promoted first come, first served: by the time each one
  joined the list (the model's ``WAITING_SINCE`` field), then by id.
"""

from django.db.models import QuerySet

from figures.enums import RegistrationStatus

SEAT_HOLDING = (RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED, RegistrationStatus.ABSENT)


def seats_held(registrations: QuerySet) -> int:
    return registrations.filter(status__in=SEAT_HOLDING).count()


def status_for_new(registrations: QuerySet, capacity: int) -> str:
    """The status of a new registration among ``registrations`` (those of one session)."""
    full = seats_held(registrations) >= capacity
    return RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED


def to_promote(registrations: QuerySet, capacity: int) -> list:
    """The waiting registrations that now get a seat, in the list's order."""
    free = capacity - seats_held(registrations)
    if free <= 0:
        return []
    since = registrations.model.WAITING_SINCE
    return list(registrations.filter(status=RegistrationStatus.WAITING).order_by(since, "pk")[:free])
