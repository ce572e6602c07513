"""The responsibility chain as assignments of named persons (issue #15 item 4, GUAR-1)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.test import TestCase

from shequ.core.testing.fixtures import build_tree
from shequ.core.testing.scope import ScopeMatrix
from shequ.organizations import models


class ResponsibilityAssignmentScopeTests(ScopeMatrix, TestCase):
    model = models.ResponsibilityAssignment
    writer_level = "district"
    export_key = "person_name"

    @classmethod
    def make_object(cls, community):
        # Scope data only (saved without `clean`): one record under each community of the matrix.
        return models.ResponsibilityAssignment.objects.create(
            division=community, responsibility="direct", person_name=f"书记{community.pk}", position="党工委书记",
            since=date(2025, 1, 1),
        )  # fmt: skip

    def create_payload(self, key):
        return {
            "division": self.tree[key].parent.code,
            "responsibility": "direct",
            "person_name": "赵丽",
            "position": "街道党工委书记",
            "since": "2025-03-01",
        }

    def form_data(self, key):
        return {**self.create_payload(key), "division": self.tree[key].parent_id}

    def update_payload(self):
        return {"until": "2026-03-01"}


class ResponsibilityChainTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def assign(self, key, responsibility, name, since, until=None):
        record = models.ResponsibilityAssignment(
            division=self.tree[key], responsibility=responsibility, person_name=name, position="书记", since=since,
            until=until,
        )  # fmt: skip
        record.full_clean()
        record.save()
        return record

    def errors_of(self, key, responsibility, since, until=None) -> dict:
        with self.assertRaises(ValidationError) as raised:
            self.assign(key, responsibility, "王五", since, until)
        return raised.exception.message_dict

    def test_the_chain_of_a_community_on_a_day(self):
        self.assign("D1", "first", "张明", date(2022, 1, 1), date(2024, 12, 31))
        zhang = self.assign("D1", "first", "李强", date(2025, 1, 1))
        zhao = self.assign("S1", "direct", "赵丽", date(2025, 3, 1))
        self.assign("S2", "direct", "钱进", date(2025, 3, 1))
        chain = models.ResponsibilityAssignment.chain_of(self.tree["C1"], date(2026, 1, 1))
        self.assertEqual([(a.person_name, a.responsibility) for a in chain], [("李强", "first"), ("赵丽", "direct")])
        self.assertEqual(chain, [zhang, zhao])
        earlier = models.ResponsibilityAssignment.chain_of(self.tree["C1"], date(2024, 6, 1))
        self.assertEqual([a.person_name for a in earlier], ["张明"])

    def test_level_period_and_overlap_are_refused_naming_the_field(self):
        self.assertEqual(
            self.errors_of("S1", "first", date(2025, 1, 1)), {"division": ["区划：此项责任应落实到区（县）。"]}
        )
        self.assertEqual(
            self.errors_of("D1", "direct", date(2025, 1, 1)), {"division": ["区划：此项责任应落实到街道（乡镇）。"]}
        )
        self.assertEqual(
            self.errors_of("S1", "direct", date(2025, 1, 1), date(2024, 1, 1)),
            {"until": ["截止日期：早于任职开始日期。"]},
        )
        self.assign("S1", "direct", "赵丽", date(2025, 3, 1))
        self.assertEqual(
            self.errors_of("S1", "direct", date(2025, 1, 1), date(2025, 6, 1)),
            {"since": ["起始日期：该期间此项责任由赵丽担任，请先结束其任职。"]},
        )


class ChainOnTheCommunityPageTests(TestCase):
    """The chain in office today is shown on each community's page (issue #15 item 4), to whoever may see it there."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        models.ResponsibilityAssignment.objects.create(
            division=cls.tree["D1"], responsibility="first", person_name="李强", position="区委书记",
            since=date(2025, 1, 1),
        )  # fmt: skip
        models.ResponsibilityAssignment.objects.create(
            division=cls.tree["S1"], responsibility="direct", person_name="赵丽", position="街道党工委书记",
            since=date(2025, 3, 1),
        )  # fmt: skip

    def test_the_community_page_shows_its_chain(self):
        self.client.force_login(self.tree.users["community"])
        response = self.client.get(f"/regions/divisions/{self.tree['C1'].pk}/")
        self.assertEqual(
            response.context["panels"][:1],  # then this year's investment (test_contributions)
            [
                (
                    "社区建设责任体系",
                    [
                        ("第一责任人（区委书记）", "李强（区委书记）"),
                        ("直接责任人（街道党工委书记）", "赵丽（街道党工委书记）"),
                    ],
                )
            ],
        )
        self.client.force_login(self.tree.users["street"])
        street = self.client.get(f"/regions/divisions/{self.tree['S1'].pk}/")
        self.assertEqual(street.context["panels"], [])  # a street's page lists its communities instead

    def test_nothing_for_who_may_not_see_it(self):
        self.client.force_login(self.tree.users["unpermitted"])
        response = self.client.get(f"/regions/divisions/{self.tree['C1'].pk}/")
        self.assertIn(response.status_code, (403, 404))
