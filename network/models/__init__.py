from network.models.coaching import CoachingMeeting, CoachingPlan, Milestone, MilestoneTemplate
from network.models.funding import Funding, RecordedIndicator
from network.models.programmes import Application, Call, Programme
from network.models.sharing import SharedFigures
from network.models.targets import Target
from network.models.trainings import TrainingModule, TrainingRegistration, TrainingSession

__all__ = [
    "Application",
    "Call",
    "CoachingMeeting",
    "CoachingPlan",
    "Funding",
    "Milestone",
    "MilestoneTemplate",
    "Programme",
    "RecordedIndicator",
    "SharedFigures",
    "Target",
    "TrainingModule",
    "TrainingRegistration",
    "TrainingSession",
]
