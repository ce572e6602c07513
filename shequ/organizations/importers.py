"""Importers of the organisation registers (issue #4): committee members by community and term."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.core.importing import Column, KeyedImporter, register_importer
from shequ.organizations.choices import CommitteePosition
from shequ.organizations.models import CommitteeMember, ResidentsCommittee

__all__ = ["CommitteeMemberImporter"]


@register_importer
class CommitteeMemberImporter(KeyedImporter):
    """Members of a committee term; the term must exist (it is created on its page, with its dates)."""

    kind = "committee-members"
    label = gettext_lazy("Committee members")
    permission = "organizations.add_committeemember"
    COMMUNITY, TERM, NAME, POSITION, PARTY, FULL_TIME = "社区代码", "届次", "姓名", "职务", "党员", "专职"
    columns = (
        Column(COMMUNITY, "community", required=True),
        Column(TERM, "term", required=True, help=gettext_lazy("The committee term's number, e.g. 11.")),
        Column(NAME, "name", required=True),
        Column(POSITION, "position", required=True, help=gettext_lazy("主任, 副主任 or 委员.")),
        Column(PARTY, "party_member", help=gettext_lazy("是 or 否.")),
        Column(FULL_TIME, "full_time", help=gettext_lazy("是 or 否; empty means 是.")),
    )
    compared = ("party_member", "full_time")

    def export_cell(self, column, record, *, reveal):
        """The committee by its community and term number (the import layout, issue #19)."""
        if column.header == self.TERM:
            return str(record.committee.term_number)
        return super().export_cell(column, record, reveal=reveal)

    def __init__(self, user):
        super().__init__(user)
        self.terms = {
            (term.division_code, term.term_number): term
            for term in ResidentsCommittee.objects.restrict(user, "view").filter(
                division_code__in=list(self.communities)
            )
        }

    def parse(self, row):
        community = self.community(row, self.COMMUNITY)
        term_number = self.number(row, self.TERM, minimum=1, maximum=100)
        committee = None
        if community is not None and term_number is not None:
            committee = self.terms.get((community.code, term_number))
            if committee is None:
                self.fail(
                    self.TERM,
                    _("Term {term} of this community's committee is not registered.").format(term=term_number),
                )
        full_time = row.get(self.FULL_TIME, "").strip() == "" or self.boolean(row, self.FULL_TIME)
        member = CommitteeMember(
            committee=committee,
            name=self.text(row, self.NAME, required=True, max_length=50),
            position=self.choice(row, self.POSITION, CommitteePosition),
            party_member=self.boolean(row, self.PARTY),
            full_time=full_time,
            created_by=self.user,
        )
        self.raise_errors()
        member.division_code = member.scope_code()
        return member

    def natural_key(self, record):
        return (record.division_code, record.committee_id, record.name, record.position)

    def records_in(self, codes):
        return CommitteeMember.objects.filter(division_code__in=codes)
