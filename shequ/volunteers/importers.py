"""Importers of the volunteer registers (issue #4): volunteers, and service hours against them."""

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.core.importing import Column, KeyedImporter, register_importer
from shequ.volunteers.models import ServiceRecord, Volunteer, VolunteerActivity

__all__ = ["ServiceRecordImporter", "VolunteerImporter"]


@register_importer
class VolunteerImporter(KeyedImporter):
    kind = "volunteers"
    label = gettext_lazy("Volunteers")
    permission = "volunteers.add_volunteer"
    COMMUNITY, NAME, REGISTERED, SKILLS, ACTIVE = "社区代码", "姓名", "注册日期", "特长", "在册"
    columns = (
        Column(COMMUNITY, "community", required=True),
        Column(NAME, "name", required=True, help=gettext_lazy("One row per volunteer and community.")),
        Column(REGISTERED, "registered_on", required=True, help=gettext_lazy("YYYY-MM-DD.")),
        Column(SKILLS, "skills"),
        Column(ACTIVE, "active", help=gettext_lazy("是 or 否; empty means 是.")),
    )
    compared = ("registered_on", "skills", "active")

    def parse(self, row):
        community = self.community(row, self.COMMUNITY)
        volunteer = Volunteer(
            community=community,
            name=self.text(row, self.NAME, required=True, max_length=50),
            registered_on=self.date(
                row, self.REGISTERED, required=True, validators=Volunteer._meta.get_field("registered_on").validators
            ),
            skills=self.text(row, self.SKILLS),
            active=row.get(self.ACTIVE, "").strip() == "" or self.boolean(row, self.ACTIVE),
            created_by=self.user,
        )
        self.raise_errors()
        volunteer.division_code = volunteer.scope_code()
        return volunteer

    def natural_key(self, record):
        return (record.division_code, record.name)

    def records_in(self, codes):
        return Volunteer.objects.filter(division_code__in=codes)


@register_importer
class ServiceRecordImporter(KeyedImporter):
    """Hours against registered volunteers (by community and name) and, optionally, a registered activity."""

    kind = "service-records"
    label = gettext_lazy("Service records")
    permission = "volunteers.add_servicerecord"
    COMMUNITY, NAME, DATE, HOURS, ACTIVITY = "社区代码", "志愿者姓名", "服务日期", "时长", "活动名称"
    columns = (
        Column(COMMUNITY, "community", required=True),
        Column(NAME, "volunteer", required=True),
        Column(DATE, "served_on", required=True),
        Column(HOURS, "hours", required=True, help=gettext_lazy("0.5 to 24 hours.")),
        Column(ACTIVITY, "activity"),
    )
    compared = ("hours",)

    def __init__(self, user):
        super().__init__(user)
        codes = list(self.communities)
        self.volunteers = defaultdict(list)
        for volunteer in Volunteer.objects.restrict(user, "view").filter(division_code__in=codes):
            self.volunteers[(volunteer.division_code, volunteer.name)].append(volunteer)
        self.activities = defaultdict(list)
        for activity in VolunteerActivity.objects.restrict(user, "view").filter(division_code__in=codes):
            self.activities[(activity.division_code, activity.title)].append(activity)

    def one(self, found: list, column: str, value: str):
        if not found:
            self.fail(column, _("{value} is not registered in this community.").format(value=value))
            return None
        if len(found) > 1:
            self.fail(column, _("{value} is registered more than once in this community.").format(value=value))
            return None
        return found[0]

    def parse(self, row):
        community = self.community(row, self.COMMUNITY)
        name = self.text(row, self.NAME, required=True, max_length=50)
        title = self.text(row, self.ACTIVITY, max_length=100)
        volunteer = activity = None
        if community is not None and name:
            volunteer = self.one(self.volunteers.get((community.code, name), []), self.NAME, name)
        if community is not None and title:
            activity = self.one(self.activities.get((community.code, title), []), self.ACTIVITY, title)
        hours = self.number(row, self.HOURS, minimum=0.5, maximum=24, integer=False)
        record = ServiceRecord(
            volunteer=volunteer,
            activity=activity,
            served_on=self.date(
                row, self.DATE, required=True, validators=ServiceRecord._meta.get_field("served_on").validators
            ),
            hours=Decimal(str(round(hours, 1))) if hours is not None else None,
            created_by=self.user,
        )
        self.raise_errors()
        record.division_code = record.scope_code()
        return record

    def natural_key(self, record):
        return (record.division_code, record.volunteer_id, record.served_on, record.activity_id)

    def records_in(self, codes):
        return ServiceRecord.objects.filter(division_code__in=codes)
