"""Implausible values of the organisation registers are refused (issue #12 "wrong answers", second bullet;
ORG-1…ORG-6, GUAR-1, DESIGN.md §11): registration and elections in 2099 with votes, decisions in the future, terms
and counts beyond any community's, credit codes that fail GB 32100."""

from datetime import date

import time_machine
from django.test import TestCase

from shequ.core.testing.bounds import NOW, BoundsMixin
from shequ.core.testing.fixtures import build_tree
from shequ.organizations.models import (
    CommitteeDecision,
    Election,
    PartyMember,
    PartyOrganization,
    ResidentGroup,
    ResidentsCommittee,
    SocialOrganization,
    StationedUnit,
)

FUTURE = "不得是将来的日期（晚于 2026-11-30）。"
NEXT_YEAR = "不得晚于 2027-11-30。"


@time_machine.travel(NOW, tick=False)
class ElectionBoundTests(BoundsMixin, TestCase):
    """ORG-2: an election is at most a year ahead, and one not yet held has no votes; electorate ≤ 1,000,000."""

    model = Election
    URL = "/api/organizations/elections/"

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.committee = ResidentsCommittee.objects.create(
            community=cls.tree["C1"], term_number=11, term_start=date(2024, 1, 1)
        )

    def body(self, **fields):
        return {
            "committee": self.committee.pk,
            "held_on": "2023-12-10",
            "electorate": 3000,
            "votes_cast": 2500,
            **fields,
        }

    def test_api(self):
        self.assert_api_refuses(self.URL, self.body(held_on="2099-01-01"), "held_on", NEXT_YEAR)
        self.assert_api_refuses(
            self.URL, self.body(held_on="2027-01-10"), "votes_cast", "尚未举行的选举不能有参加投票人数。"
        )
        self.assert_api_refuses(self.URL, self.body(held_on="1900-01-01"), "held_on", "不得早于 1949-01-01。")
        self.assert_api_refuses(
            self.URL, self.body(electorate=10**9, votes_cast=1), "electorate", "请确保该值小于或者等于 1000000。"
        )
        self.assert_api_accepts(self.URL, self.body(held_on="2027-01-10", votes_cast=0))  # a planned election
        self.assert_api_accepts(self.URL, self.body(held_on="2026-11-30"))  # held today
        self.assertEqual(Election.objects.count(), 2)

    def test_page(self):
        url = "/organizations/elections/add/"
        self.assert_page_refuses(url, self.body(held_on="2099-01-01"), "held_on", NEXT_YEAR)
        self.assert_page_refuses(
            url, self.body(held_on="2027-01-10"), "votes_cast", "尚未举行的选举不能有参加投票人数。"
        )
        self.assert_page_accepts(url, self.body())


@time_machine.travel(NOW, tick=False)
class CommitteeBoundTests(BoundsMixin, TestCase):
    """ORG-2: a term starts at most a year ahead, ends at most ten years ahead and not before it starts."""

    model = ResidentsCommittee
    URL = "/api/organizations/committees/"

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def body(self, **fields):
        return {"community": self.tree["C1"].code, "term_number": 12, "term_start": "2027-01-01", **fields}

    def test_api(self):
        self.assert_api_refuses(self.URL, self.body(term_start="2099-01-01"), "term_start", NEXT_YEAR)
        self.assert_api_refuses(self.URL, self.body(term_end="2099-01-01"), "term_end", "不得晚于 2036-11-30。")
        self.assert_api_refuses(
            self.URL, self.body(term_end="2026-12-31"), "term_end", "任期结束日期不能早于开始日期。"
        )
        self.assert_api_refuses(self.URL, self.body(term_number=30000), "term_number", "请确保该值小于或者等于 100。")
        self.assert_api_accepts(self.URL, self.body(term_end="2031-12-31"))


@time_machine.travel(NOW, tick=False)
class DatedRecordBoundTests(BoundsMixin, TestCase):
    """ORG-1 joining, ORG-2 decisions: what happened is not in the future; a party member not before 1921."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.organization = PartyOrganization.objects.create(
            division=cls.tree["C1"], kind="branch", name="鸿山社区党支部"
        )

    def test_party_member_joined(self):
        self.model = PartyMember
        url = "/api/organizations/party-members/"
        body = {"organization": self.organization.pk, "name": "陈嘉庚", "role": "member"}
        self.assert_api_refuses(url, {**body, "joined_on": "9999-12-31"}, "joined_on", FUTURE)
        self.assert_api_refuses(url, {**body, "joined_on": "1920-12-31"}, "joined_on", "不得早于 1921-01-01。")
        self.assert_api_accepts(url, {**body, "joined_on": "1945-07-01"})

    def test_decision_dates(self):
        self.model, self.level = CommitteeDecision, "district"  # the district decides (ORG-2)
        url = "/api/organizations/decisions/"
        body = {"community": self.tree["C1"].code, "kind": "establish", "document_number": "思民〔2026〕1号"}
        self.assert_api_refuses(url, {**body, "decided_on": "2099-01-01"}, "decided_on", FUTURE)
        self.assert_api_refuses(url, {**body, "decided_on": "2026-01-01", "filed_on": "2099-01-01"}, "filed_on", FUTURE)
        self.assert_api_accepts(url, {**body, "decided_on": "2026-01-01", "filed_on": "2026-02-01"})
        page = {**body, "community": self.tree["C1"].pk, "decided_on": "2099-01-01", "filed_on": "", "note": ""}
        self.assert_page_refuses("/organizations/decisions/add/", page, "decided_on", FUTURE)


@time_machine.travel(NOW, tick=False)
class CountAndCodeBoundTests(BoundsMixin, TestCase):
    """ORG-4 groups cover at most 10,000 households; ORG-5 funds at most ¥100,000,000; ORG-5/ORG-6 credit codes."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def test_group_households(self):
        self.model = ResidentGroup
        url = "/api/organizations/resident-groups/"
        body = {"community": self.tree["C1"].code, "name": "第一居民小组"}
        self.assert_api_refuses(url, {**body, "households": 2**31}, "households", "请确保该值小于或者等于 10000。")
        self.assert_api_accepts(url, {**body, "households": 400})

    def test_funds_support(self):
        self.model = SocialOrganization
        url = "/api/organizations/social-organizations/"
        body = {"community": self.tree["C1"].code, "name": "鸿山互助会", "kind": "mutual_aid"}
        self.assert_api_refuses(
            url, {**body, "funds_support": "9999999999.00"}, "funds_support", "请确保该值小于或者等于 100000000。"
        )
        self.assert_api_accepts(url, {**body, "funds_support": "50000.00"})

    def test_stationed_unit_credit_code(self):
        self.model = StationedUnit
        url = "/api/organizations/stationed-units/"
        body = {"community": self.tree["C1"].code, "name": "鸿山小学"}
        self.assert_api_refuses(
            url,
            {**body, "credit_code": "abc"},
            "credit_code",
            "abc 不是有效的统一社会信用代码（18 位，最后一位为校验码）。",
        )
        self.assert_api_accepts(url, {**body, "credit_code": "91110000802100433B"})
