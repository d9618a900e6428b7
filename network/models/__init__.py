from network.models.coaching import CoachingMeeting, CoachingPlan, Milestone, MilestoneTemplate
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
from network.models.programmes import Application, Call, Programme
from network.models.targets import Target
from network.models.trainings import TrainingModule, TrainingRegistration, TrainingSession

__all__ = [
    "ActivityFact",
    "Application",
    "AttendanceFact",
    "BeneficiaryFact",
    "Call",
    "CoachingMeeting",
    "CoachingPlan",
    "CourseFact",
    "DeskVisitFact",
    "EnrolmentFact",
    "EquipmentFact",
    "MentorshipFact",
    "Milestone",
    "MilestoneTemplate",
    "Programme",
    "PublishedWorkshop",
    "Target",
    "TrainingModule",
    "TrainingRegistration",
    "TrainingSession",
]
