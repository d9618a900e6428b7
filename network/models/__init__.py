from network.models.facts import (
    ActivityFact,
    AttendanceFact,
    BeneficiaryFact,
    CourseFact,
    DeskVisitFact,
    EnrolmentFact,
    EquipmentFact,
    MentorshipFact,
    PublishedWorkshop,
)

__all__ = [
    "ActivityFact",
    "AttendanceFact",
    "BeneficiaryFact",
    "CourseFact",
    "DeskVisitFact",
    "EnrolmentFact",
    "EquipmentFact",
    "MentorshipFact",
    "PublishedWorkshop",
]
