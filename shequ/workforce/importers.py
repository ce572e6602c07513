"""Importers of the workforce registers (issue #4): community workers and training attendance."""

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.core.importing import Column, KeyedImporter, register_importer
from shequ.workforce.choices import Background, Certificate, WorkerPosition
from shequ.workforce.models import (
    MAX_TRAINING_HOURS,
    NOT_STARTED,
    CommunityWorker,
    TrainingAttendance,
    TrainingCourse,
    not_started,
)

__all__ = ["CommunityWorkerImporter", "TrainingAttendanceImporter"]


@register_importer
class CommunityWorkerImporter(KeyedImporter):
    kind = "workers"
    label = gettext_lazy("Community workers")
    permission = "workforce.add_communityworker"
    COMMUNITY, NAME, POSITION, BACKGROUND, CERTIFICATE, HIRED = (
        "社区代码",
        "姓名",
        "职务",
        "来源",
        "社工职业资格",
        "聘用日期",
    )
    PARTY, RESIDENTS, OWNERS = "兼任党组织委员", "兼任居委会成员", "兼任业委会成员"
    columns = (
        Column(COMMUNITY, "community", required=True),
        Column(NAME, "name", required=True),
        Column(
            POSITION,
            "position",
            required=True,
            help=gettext_lazy("党组织书记, 居委会主任, 副书记或副主任, 委员 or 专职社区工作者."),
        ),
        Column(BACKGROUND, "background"),
        Column(CERTIFICATE, "certificate"),
        Column(HIRED, "hired_on", help=gettext_lazy("YYYY-MM-DD.")),
        Column(PARTY, "in_party_committee", help=gettext_lazy("是 or 否.")),
        Column(RESIDENTS, "in_residents_committee", help=gettext_lazy("是 or 否.")),
        Column(OWNERS, "in_owners_committee", help=gettext_lazy("是 or 否.")),
    )
    compared = (
        "background",
        "certificate",
        "hired_on",
        "in_party_committee",
        "in_residents_committee",
        "in_owners_committee",
    )

    def parse(self, row):
        community = self.community(row, self.COMMUNITY)
        worker = CommunityWorker(
            community=community,
            name=self.text(row, self.NAME, required=True, max_length=50),
            position=self.choice(row, self.POSITION, WorkerPosition),
            background=self.choice(row, self.BACKGROUND, Background, default=Background.OTHER),
            certificate=self.choice(row, self.CERTIFICATE, Certificate, default=""),
            hired_on=self.date(row, self.HIRED, validators=CommunityWorker._meta.get_field("hired_on").validators),
            in_party_committee=self.boolean(row, self.PARTY),
            in_residents_committee=self.boolean(row, self.RESIDENTS),
            in_owners_committee=self.boolean(row, self.OWNERS),
            created_by=self.user,
        )
        self.raise_errors()
        worker.division_code = worker.scope_code()
        return worker

    def natural_key(self, record):
        return (record.division_code, record.name, record.position)

    def records_in(self, codes):
        return CommunityWorker.objects.filter(division_code__in=codes, active=True)


@register_importer
class TrainingAttendanceImporter(KeyedImporter):
    """Attendance of a registered course (by name and start date) by registered workers (by community and name)."""

    kind = "training-attendance"
    label = gettext_lazy("Training attendance")
    permission = "workforce.add_trainingattendance"
    COURSE, STARTS, COMMUNITY, NAME, HOURS = "培训班名称", "开班日期", "社区代码", "姓名", "完成学时"
    columns = (
        Column(COURSE, "course", required=True),
        Column(STARTS, "starts_on", required=True, help=gettext_lazy("YYYY-MM-DD.")),
        Column(COMMUNITY, "community", required=True),
        Column(NAME, "worker", required=True),
        Column(HOURS, "hours", required=True, help=gettext_lazy("At most the course's hours.")),
    )
    compared = ("hours",)

    def export_cell(self, column, record, *, reveal):
        """The course by its title and start date, the worker by name (the import layout, issue #19)."""
        if column.header == self.STARTS:
            return record.course.starts_on.isoformat()
        if column.header == self.NAME:  # the worker by name within the community
            return record.worker.name
        return super().export_cell(column, record, reveal=reveal)

    def __init__(self, user):
        super().__init__(user)
        self.courses = defaultdict(list)
        for course in TrainingCourse.objects.restrict(user, "view"):
            self.courses[(course.title, course.starts_on)].append(course)
        self.workers = defaultdict(list)
        for worker in CommunityWorker.objects.restrict(user, "view").filter(
            division_code__in=list(self.communities), active=True
        ):
            self.workers[(worker.division_code, worker.name)].append(worker)

    def parse(self, row):
        title = self.text(row, self.COURSE, required=True, max_length=100)
        starts_on = self.date(
            row, self.STARTS, required=True, validators=TrainingCourse._meta.get_field("starts_on").validators
        )
        community = self.community(row, self.COMMUNITY)
        name = self.text(row, self.NAME, required=True, max_length=50)
        course = worker = None
        if title and starts_on:
            courses = self.courses.get((title, starts_on), [])
            if len(courses) != 1:
                self.fail(
                    self.COURSE,
                    _("No single registered course {title} starts on {date}.").format(title=title, date=starts_on),
                )
            else:
                course = courses[0]
        if community is not None and name:
            workers = self.workers.get((community.code, name), [])
            if len(workers) != 1:
                self.fail(self.NAME, _("{name} is not a single registered worker of this community.").format(name=name))
            else:
                worker = workers[0]
        hours = self.number(row, self.HOURS, minimum=0, maximum=int(MAX_TRAINING_HOURS), integer=False)
        if course is not None and hours is not None and Decimal(str(hours)) > course.hours:
            self.fail(self.HOURS, _("More hours than the course has ({hours}).").format(hours=course.hours))
        elif course is not None and hours and not_started(course):
            self.fail(self.HOURS, str(NOT_STARTED))
        attendance = TrainingAttendance(
            course=course,
            worker=worker,
            hours=Decimal(str(round(hours, 1))) if hours is not None else None,
            created_by=self.user,
        )
        self.raise_errors()
        attendance.division_code = attendance.scope_code()
        return attendance

    def natural_key(self, record):
        return (record.division_code, record.course_id, record.worker_id)

    def records_in(self, codes):
        return TrainingAttendance.objects.filter(division_code__in=codes)
