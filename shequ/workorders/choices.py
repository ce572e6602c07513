from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "PUBLIC_REQUEST_TYPES",
    "Alert",
    "OrderAction",
    "OrderStatus",
    "Publication",
    "RequestType",
    "Satisfaction",
    "Source",
    "UnitKind",
]


class RequestType(models.TextChoices):
    ENQUIRY = "enquiry", _("Enquiry")
    HELP = "help", _("Request for help")
    COMPLAINT = "complaint", _("Complaint")
    SUGGESTION = "suggestion", _("Suggestion")
    REPORT = "report", _("Report")


# The request types that may be published (issue #12, SVC-5): reports of a problem in a public place and
# suggestions about public matters. Enquiries and requests for help concern the resident's own affairs, and
# complaints usually name a person, a household or a business: they are never published.
PUBLIC_REQUEST_TYPES = (RequestType.REPORT, RequestType.SUGGESTION)


class Source(models.TextChoices):
    PORTAL = "portal", _("Public portal")
    PHONE = "phone", _("Telephone")
    GRID = "grid", _("Grid worker")
    API = "api", _("API (Open311)")
    DIARY = "diary", _("Sentiment diary")  # heard by staff on their rounds, entered in one step (SVC-6)


class UnitKind(models.TextChoices):
    HOTLINE = "hotline", _("Hotline centre")
    COMMUNITY = "community", _("Community")
    STREET = "street", _("Street office")
    DEPARTMENT = "department", _("Department")
    PROPERTY = "property", _("Property company")
    UTILITY = "utility", _("Utility")
    # The street's property management centre and its two stations (PROP-3): property disputes and emergency
    # repairs are routed to them and tracked to closure like any order.
    PROPERTY_CENTRE = "property_centre", _("Street property management centre")
    PROPERTY_DISPUTES = "property_disputes", _("Property dispute acceptance station")
    EMERGENCY_REPAIRS = "emergency_repairs", _("Emergency repair station")


PROPERTY_UNIT_KINDS = (UnitKind.PROPERTY_CENTRE, UnitKind.PROPERTY_DISPUTES, UnitKind.EMERGENCY_REPAIRS)


class OrderStatus(models.TextChoices):
    """The states of DESIGN.md §9."""

    SUBMITTED = "submitted", _("Submitted")
    DISPATCHED = "dispatched", _("Dispatched")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Closed")
    RETURNED = "returned", _("Returned")
    ESCALATED = "escalated", _("Escalated")
    REOPENED = "reopened", _("Reopened")

    @classmethod
    def open(cls) -> tuple[str, ...]:
        return tuple(status for status in cls.values if status != cls.CLOSED)

    @classmethod
    def on_the_clock(cls) -> tuple[str, ...]:
        """Stages a unit's time limit runs in: yellow and red apply only to these (DESIGN.md §9)."""
        return (cls.DISPATCHED, cls.ACCEPTED, cls.IN_PROGRESS)


class OrderAction(models.TextChoices):
    SUBMIT = "submit", _("Submitted")
    LINK = "link", _("Linked as a duplicate")
    DISPATCH = "dispatch", _("Dispatched")
    ACCEPT = "accept", _("Accepted")
    START = "start", _("Started")
    RETURN = "return", _("Returned")
    ESCALATE = "escalate", _("Escalated")
    TRANSFER = "transfer", _("Transferred")
    URGE = "urge", _("Urged")
    REQUEST_EXTENSION = "request_extension", _("Extension requested")
    APPROVE_EXTENSION = "approve_extension", _("Extension approved")
    REJECT_EXTENSION = "reject_extension", _("Extension refused")
    REPLY = "reply", _("Replied")
    CLOSE = "close", _("Closed")
    REOPEN = "reopen", _("Reopened")
    CALLBACK = "callback", _("Call-back recorded")
    HANDLE_ON_SPOT = "handle_on_spot", _("Handled on the spot")
    PUBLISH = "publish", _("Approved for publication")
    KEEP_PRIVATE = "keep_private", _("Kept private")


class Alert(models.TextChoices):
    NONE = "", _("On time")
    YELLOW = "yellow", _("Yellow: limit near")
    RED = "red", _("Red: overdue")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class Publication(models.TextChoices):
    """Whether an order appears in the public feed (Open311; issue #12): only after staff approved it."""

    NOT_PUBLIC = "", _("Not for publication")
    OPTED_OUT = "opted_out", _("The resident asked not to publish it")
    PENDING = "pending", _("Awaiting publication review")
    PUBLISHED = "published", _("Published")
    PRIVATE = "private", _("Kept private by staff")


class PublicService(models.TextChoices):
    """The public services a community's monthly disclosure reports the state of (INFO-1: 物业、水、电、气、暖);
    a request category names the one it concerns, if any."""

    PROPERTY = "property", _("Property management")
    WATER = "water", _("Water")
    ELECTRICITY = "electricity", _("Electricity")
    GAS = "gas", _("Gas")
    HEATING = "heating", _("Heating")
