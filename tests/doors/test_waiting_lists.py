"""One waiting list rule (figures.seats) for the network's trainings and a structure's workshop calendar."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from figures.enums import RegistrationStatus as S
from network import services as network_services
from network.models import TrainingModule, TrainingRegistration
from training import practices
from training.models import WorkshopRegistration
from training.services.referents import referent_create


def network_seats(structure):
    module = TrainingModule.objects.filter(required=True).order_by("order").first()
    session = network_services.training_session_create(
        module=module, date=timezone.localdate() + datetime.timedelta(days=5), place="Lille"
    )
    session.capacity = 1
    session.save()

    def register(name):
        with schema_context(structure.schema_name):
            referent = referent_create(first_name=name, last_name="Test")
        return network_services.registration_create(session=session, structure=structure, referent_id=referent.pk)

    def cancel(registration):
        network_services.registration_set_status(registration=registration, status=S.CANCELLED)

    def status(registration):
        return TrainingRegistration.objects.get(pk=registration.pk).status

    def set_status(registration, value):
        TrainingRegistration.objects.filter(pk=registration.pk).update(status=value)

    return SimpleNamespace(register=register, cancel=cancel, status=status, set_status=set_status)


def calendar_seats(structure):
    workshop = practices.workshop_schedule(
        structure=structure, title="Arnaques", date=timezone.localdate() + datetime.timedelta(days=5),
        start_time=datetime.time(14), seats=1, themes=["securite_numerique"],
    )  # fmt: skip

    def register(name):
        return practices.workshop_register(structure=structure, workshop=workshop, label=name)

    def cancel(registration):
        practices.registration_cancel(structure=structure, registration=registration)

    def status(registration):
        with schema_context(structure.schema_name):
            return WorkshopRegistration.objects.get(pk=registration.pk).status

    def set_status(registration, value):
        with schema_context(structure.schema_name):
            WorkshopRegistration.objects.filter(pk=registration.pk).update(status=value)

    return SimpleNamespace(register=register, cancel=cancel, status=status, set_status=set_status)


SYSTEMS = {"network training": network_seats, "structure calendar": calendar_seats}


@pytest.mark.parametrize("system", SYSTEMS)
def test_full_means_waiting_and_a_freed_seat_goes_to_the_first_who_waited(system, structure_a):
    seats = SYSTEMS[system](structure_a)
    first, second, third = (seats.register(name) for name in ("Ana", "Bruno", "Chloé"))
    assert [seats.status(r) for r in (first, second, third)] == [S.REGISTERED, S.WAITING, S.WAITING]
    seats.cancel(first)
    assert [seats.status(r) for r in (first, second, third)] == [S.CANCELLED, S.REGISTERED, S.WAITING]


@pytest.mark.parametrize("held", [S.ATTENDED, S.ABSENT])
@pytest.mark.parametrize("system", SYSTEMS)
def test_attended_and_absent_hold_their_seat(system, held, structure_a):
    seats = SYSTEMS[system](structure_a)
    first = seats.register("Ana")
    seats.set_status(first, held)
    assert seats.status(seats.register("Bruno")) == S.WAITING
