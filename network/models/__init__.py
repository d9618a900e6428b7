from network.models.coaching import CoachingMeeting, CoachingPlan, Milestone, MilestoneTemplate
from network.models.programmes import Application, Call, Programme
from network.models.targets import Target
from network.models.trainings import TrainingModule, TrainingRegistration, TrainingSession

__all__ = [
    "Application",
    "Call",
    "CoachingMeeting",
    "CoachingPlan",
    "Milestone",
    "MilestoneTemplate",
    "Programme",
    "Target",
    "TrainingModule",
    "TrainingRegistration",
    "TrainingSession",
]
