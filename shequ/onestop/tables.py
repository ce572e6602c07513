from shequ.core.tables import Table
from shequ.onestop import models

__all__ = ["AllowanceReviewTable", "ServiceCaseTable", "ServiceItemTable"]


class ServiceItemTable(Table):
    model = models.ServiceItem
    fields = ("name", "area", "department", "time_limit_days", "place", "active")


class ServiceCaseTable(Table):
    model = models.ServiceCase
    fields = ("number", "item", "applicant_name", "community", "status", "accepted_on", "due_on")


class AllowanceReviewTable(Table):
    model = models.AllowanceReview
    fields = ("household", "community", "status", "last_review_on", "next_review_on")
