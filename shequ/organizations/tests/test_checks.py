"""The policy checks on constructed data: exact statuses, values, drill-down sets and roll-ups (issue #4)."""

from datetime import date
from decimal import Decimal

import time_machine
from django.test import TestCase, override_settings
from rest_framework.test import APIClient

from shequ.cockpit.compliance import compliance
from shequ.core.checks import checks, months_before
from shequ.core.testing.fixtures import build_tree
from shequ.organizations.checks import GroupLeaders
from shequ.organizations.choices import CommitteePosition, SubcommitteeKind
from shequ.organizations.models import BuildingHead, CommitteeMember, ResidentGroup, ResidentsCommittee, Subcommittee
from shequ.people.models import Household
from shequ.places.models import Building
from shequ.workforce.choices import WorkerPosition
from shequ.workforce.models import CommunityWorker, TrainingAttendance, TrainingCourse

TODAY = date(2026, 6, 30)


def households(community, n: int) -> None:
    Household.objects.bulk_create(
        Household(community=community, number=f"H{i:05d}", division_code=community.code) for i in range(n)
    )


def committee(community, *, members=0, kinds=(), term_start=date(2024, 1, 1), term_end=None, term=1):
    term = ResidentsCommittee.objects.create(
        community=community, term_number=term, term_start=term_start, term_end=term_end
    )
    for index in range(members):
        CommitteeMember.objects.create(committee=term, name=f"委员{index}", position=CommitteePosition.MEMBER)
    for kind in kinds:
        Subcommittee.objects.create(committee=term, kind=kind)
    return term


@time_machine.travel(TODAY, tick=False)
class CheckTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.communities = [cls.tree[key] for key in ("C1", "C2", "C3", "C4")]

    def evaluate(self, check_id):
        outcomes = checks[check_id].evaluate(self.communities, TODAY)
        return {
            key: (outcomes[self.tree[key].code].status, outcomes[self.tree[key].code].value)
            for key in ("C1", "C2", "C3", "C4")
        }

    @override_settings(SHEQU_HOUSEHOLDS_BAND=(3, 5))
    def test_households_per_community_within_the_configured_band(self):
        for key, n in (("C1", 3), ("C2", 5), ("C3", 2)):
            households(self.tree[key], n)
        self.assertEqual(
            self.evaluate("org-3-households"),
            {"C1": ("ok", "3"), "C2": ("ok", "5"), "C3": ("violation", "2"), "C4": ("unknown", "0")},
        )
        households(self.tree["C4"], 6)
        self.assertEqual(self.evaluate("org-3-households")["C4"], ("violation", "6"))

    def test_committee_size_five_to_nine(self):
        committee(self.tree["C1"], members=5)
        committee(self.tree["C2"], members=9)
        committee(self.tree["C3"], members=4)
        self.assertEqual(
            self.evaluate("org-3-committee-size"),
            {"C1": ("ok", "5"), "C2": ("ok", "9"), "C3": ("violation", "4"), "C4": ("unknown", "无现任居委会")},
        )
        ten = committee(self.tree["C4"], members=10)
        self.assertEqual(self.evaluate("org-3-committee-size")["C4"], ("violation", "10"))
        records = checks["org-3-committee-size"].records(self.tree["C4"], self.tree.users["city"], TODAY)
        self.assertEqual(sorted(m.name for m in records), sorted(m.name for m in ten.members.all()))

    def test_only_the_current_term_counts(self):
        committee(self.tree["C1"], members=7, term_start=date(2021, 1, 1), term_end=date(2023, 12, 31))
        committee(self.tree["C2"], members=7, term_start=date(2026, 7, 1), term=2)
        self.assertEqual(self.evaluate("org-3-committee-size")["C1"], ("unknown", "无现任居委会"))
        self.assertEqual(self.evaluate("org-3-committee-size")["C2"], ("unknown", "无现任居委会"))
        committee(self.tree["C1"], members=6, term_start=date(2024, 1, 1), term_end=TODAY, term=2)
        self.assertEqual(self.evaluate("org-3-committee-size")["C1"], ("ok", "6"))

    def test_all_five_subcommittees(self):
        committee(self.tree["C1"], members=5, kinds=SubcommitteeKind.values)
        four = [kind for kind in SubcommitteeKind.values if kind != SubcommitteeKind.MEDIATION]
        c2 = committee(self.tree["C2"], members=5, kinds=four)
        outcomes = checks["org-3-subcommittees"].evaluate(self.communities, TODAY)
        self.assertEqual(self.evaluate("org-3-subcommittees")["C1"], ("ok", "5 / 5"))
        self.assertEqual(self.evaluate("org-3-subcommittees")["C2"], ("violation", "4 / 5"))
        self.assertEqual(outcomes[self.tree["C2"].code].detail, ["缺少：人民调解"])
        self.assertEqual(self.evaluate("org-3-subcommittees")["C3"][0], "unknown")
        check = checks["org-3-subcommittees"]
        records = check.records(self.tree["C2"], self.tree.users["street"], TODAY)
        self.assertEqual(sorted(s.kind for s in records), sorted(four))
        self.assertEqual(check.remedy_query(self.tree["C2"], TODAY), {"committee": c2.pk, "kind": "mediation"})
        # Out of the street user's scope: the records are restricted like every read.
        self.assertEqual(list(check.records(self.tree["C2"], self.tree.users["community"], TODAY)), [])

    def test_group_leader_band_boundaries(self):
        band = GroupLeaders.band
        self.assertEqual(
            [band(n) for n in (1, 299, 300, 500, 501, 600, 900, 1000, 3000)],
            [(1, 1), (1, 1), (1, 1), (1, 1), (2, 2), (2, 2), (2, 3), (2, 3), (6, 10)],
        )

    def test_group_leaders_per_households(self):
        households(self.tree["C1"], 500)
        households(self.tree["C2"], 501)
        households(self.tree["C3"], 300)
        for key in ("C1", "C2", "C3"):
            ResidentGroup.objects.create(community=self.tree[key], name="第一居民小组", leader_name="组长甲")
        ResidentGroup.objects.create(community=self.tree["C3"], name="第二居民小组", leader_name="组长乙")
        ResidentGroup.objects.create(community=self.tree["C2"], name="第二居民小组")  # no leader yet
        self.assertEqual(
            self.evaluate("org-4-group-leaders"),
            {
                "C1": ("ok", "1 名组长"),
                "C2": ("violation", "1 名组长"),
                "C3": ("violation", "2 名组长"),
                "C4": ("unknown", "未登记住户"),
            },
        )
        ResidentGroup.objects.filter(community=self.tree["C2"], name="第二居民小组").update(leader_name="组长丙")
        self.assertEqual(self.evaluate("org-4-group-leaders")["C2"], ("ok", "2 名组长"))

    def test_every_building_has_a_head(self):
        first = Building.objects.create(community=self.tree["C1"], number="1号楼")
        second = Building.objects.create(community=self.tree["C1"], number="2号楼")
        BuildingHead.objects.create(building=first, name="楼长甲")
        Building.objects.create(community=self.tree["C2"], number="1号楼")
        self.assertEqual(
            self.evaluate("org-4-building-heads"),
            {
                "C1": ("violation", "2 栋楼中 1 栋没有楼栋长"),
                "C2": ("violation", "1 栋楼中 1 栋没有楼栋长"),
                "C3": ("unknown", "未登记楼栋"),
                "C4": ("unknown", "未登记楼栋"),
            },
        )
        check = checks["org-4-building-heads"]
        self.assertEqual(list(check.records(self.tree["C1"], self.tree.users["community"], TODAY)), [second])
        BuildingHead.objects.create(building=second, name="楼长乙")
        self.assertEqual(self.evaluate("org-4-building-heads")["C1"], ("ok", "2 栋楼中 0 栋没有楼栋长"))

    def test_training_windows_and_hours(self):
        """WF-2 boundaries with a frozen clock: 12 and 24 months to the day, 20 hours."""

        def worker(name, position, community="C1"):
            return CommunityWorker.objects.create(community=self.tree[community], name=name, position=position)

        def trained(person, day, hours):
            course = TrainingCourse.objects.create(
                division=self.tree["S1"], title=f"{person.name}{day}", starts_on=day, hours=Decimal(40)
            )
            TrainingAttendance.objects.create(course=course, worker=person, hours=Decimal(hours))

        secretary = worker("书记", WorkerPosition.PARTY_SECRETARY)
        director = worker("主任", WorkerPosition.DIRECTOR)
        member = worker("委员", WorkerPosition.COMMITTEE_MEMBER)
        late_member = worker("委员乙", WorkerPosition.COMMITTEE_MEMBER)
        short = worker("社工", WorkerPosition.WORKER)
        trained(secretary, date(2025, 6, 30), 20)  # exactly 12 months: in time
        trained(director, date(2025, 6, 29), 40)  # 12 months and a day: overdue
        trained(member, date(2024, 6, 30), 20)  # exactly 24 months: in time
        trained(late_member, date(2024, 6, 29), 20)  # overdue
        trained(short, date(2026, 5, 1), "19.5")  # too short to count
        check = checks["wf-2-training"]
        self.assertEqual(self.evaluate("wf-2-training")["C1"], ("violation", "5 人中 3 人逾期"))
        overdue = check.records(self.tree["C1"], self.tree.users["street"], TODAY)
        self.assertEqual(sorted(w.name for w in overdue), ["主任", "委员乙", "社工"])
        trained(director, date(2026, 1, 10), 20)
        trained(late_member, date(2025, 1, 10), 24)
        trained(short, date(2026, 6, 1), 20)
        self.assertEqual(self.evaluate("wf-2-training")["C1"], ("ok", "5 人中 0 人逾期"))
        self.assertEqual(self.evaluate("wf-2-training")["C2"], ("unknown", "未登记社区工作者"))

    def test_months_before_keeps_the_day_or_takes_the_months_last(self):
        self.assertEqual(months_before(date(2026, 6, 30), 12), date(2025, 6, 30))
        self.assertEqual(months_before(date(2026, 3, 31), 1), date(2026, 2, 28))
        self.assertEqual(months_before(date(2024, 2, 29), 12), date(2023, 2, 28))
        self.assertEqual(months_before(date(2026, 1, 15), 24), date(2024, 1, 15))

    def test_rollup_at_street_district_and_city(self):
        committee(self.tree["C1"], members=5)
        committee(self.tree["C2"], members=4)
        committee(self.tree["C3"], members=10)
        committee(self.tree["C4"], members=9)
        size = "org-3-committee-size"
        city = compliance(self.tree.users["city"], self.tree["city"], TODAY)
        self.assertEqual(city.totals[size], {"ok": 2, "violation": 2, "unknown": 0})
        self.assertEqual(
            [(child.code, counts[size]) for child, counts in city.children],
            [
                ("350203000000", {"ok": 1, "violation": 2, "unknown": 0}),
                ("350206000000", {"ok": 1, "violation": 0, "unknown": 0}),
            ],
        )
        district = compliance(self.tree.users["district"], self.tree["D1"], TODAY)
        self.assertEqual(
            [(child.code, counts[size]) for child, counts in district.children],
            [
                ("350203001000", {"ok": 1, "violation": 1, "unknown": 0}),
                ("350203003000", {"ok": 0, "violation": 1, "unknown": 0}),
            ],
        )
        street = compliance(self.tree.users["street"], self.tree["S1"], TODAY)
        self.assertEqual(street.totals[size], {"ok": 1, "violation": 1, "unknown": 0})
        self.assertEqual(street.children, [])
        self.assertEqual([c.code for c in street.communities], ["350203001001", "350203001004"])


@time_machine.travel(TODAY, tick=False)
class CompliancePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        committee(cls.tree["C1"], members=5, kinds=SubcommitteeKind.values)
        committee(cls.tree["C2"], members=4, kinds=[SubcommitteeKind.HEALTH])

    def test_street_page_shows_the_matrix_of_its_communities(self):
        self.client.force_login(self.tree.users["street"])
        page = self.client.get("/checks/")
        self.assertEqual(page.status_code, 200)
        self.assertEqual([c.code for c, _row in page.context["result"].matrix()], ["350203001001", "350203001004"])
        self.assertContains(page, 'data-check="org-3-committee-size" data-status="violation"', count=1)
        self.assertContains(page, 'data-check="org-3-committee-size" data-status="ok"', count=1)
        detail = self.client.get("/checks/org-3-subcommittees/350203001004/")
        self.assertContains(detail, "缺少：人民调解、治安保卫、计划生育、群众文化")
        self.assertContains(detail, 'id="remedy-link"')

    def test_outside_the_jurisdiction_is_not_found(self):
        self.client.force_login(self.tree.users["street"])
        self.assertEqual(self.client.get("/checks/", {"division": "350206001000"}).status_code, 404)
        self.assertEqual(self.client.get("/checks/org-3-subcommittees/350206001001/").status_code, 404)
        self.assertEqual(self.client.get("/checks/nonsense/350203001001/").status_code, 404)
        self.client.force_login(self.tree.users["unpermitted"])
        self.assertEqual(self.client.get("/checks/").status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get("/checks/").status_code, 302)

    def test_api_gives_the_same_answers(self):
        api = APIClient()
        api.force_login(self.tree.users["district"])
        data = api.get("/api/checks/").json()
        self.assertEqual(data["division"]["code"], "350203000000")
        self.assertEqual(data["totals"]["org-3-committee-size"], {"ok": 1, "violation": 1, "unknown": 1})
        self.assertEqual([c["code"] for c in data["children"]], ["350203001000", "350203003000"])
        self.assertEqual(
            {c["code"]: c["results"]["org-3-subcommittees"]["status"] for c in data["communities"]},
            {"350203001001": "ok", "350203001004": "violation", "350203003001": "unknown"},
        )
        detail = api.get("/api/checks/org-3-subcommittees/350203001004/").json()
        self.assertEqual((detail["status"], detail["value"]), ("violation", "1 / 5"))
        self.assertEqual([r["label"] for r in detail["records"]], ["蜂巢山社区居委会 · 公共卫生"])
        self.assertEqual(api.get("/api/checks/", {"division": "350206000000"}).status_code, 404)
        self.assertEqual(APIClient().get("/api/checks/").status_code, 401)
