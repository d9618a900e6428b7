from network.models.facts import ActivityFact, AttendanceFact, BeneficiaryFact, CourseFact, EnrolmentFact

__all__ = ["ActivityFact", "AttendanceFact", "BeneficiaryFact", "CourseFact", "EnrolmentFact"]
