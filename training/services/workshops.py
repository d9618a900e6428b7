"""The seats of a scheduled workshop and its public listing, shared by the calendar's writes
(``training.practices``) and by erasure, which cancels an erased person's upcoming seats."""

from figures import seats
from figures.enums import RegistrationStatus
from figures.models import PublishedWorkshop
from training.models import ScheduledWorkshop, WorkshopRegistration


def workshop_publish(structure, workshop: ScheduledWorkshop) -> None:
    """The network's copy of a published, not yet logged workshop, with its seats taken."""
    if not workshop.published or workshop.activity_id:
        PublishedWorkshop.objects.filter(structure=structure, workshop_id=workshop.pk).delete()
        return
    taken = seats.seats_held(workshop.registrations.all())
    PublishedWorkshop.objects.update_or_create(
        structure=structure,
        workshop_id=workshop.pk,
        defaults={
            "title": workshop.title,
            "date": workshop.date,
            "start_time": workshop.start_time,
            "duration_minutes": workshop.duration_minutes,
            "place": workshop.place,
            "themes": list(workshop.themes),
            "level": workshop.level,
            "kit_id": workshop.kit_id,
            "seats": workshop.seats,
            "seats_taken": taken,
        },
    )


def workshop_promote_waiting(workshop: ScheduledWorkshop) -> None:
    """Free seats go to the waiting list (the rule of ``figures.seats``)."""
    waiting = seats.to_promote(workshop.registrations.all(), workshop.seats)
    if waiting:
        WorkshopRegistration.objects.filter(pk__in=[r.pk for r in waiting]).update(status=RegistrationStatus.REGISTERED)
