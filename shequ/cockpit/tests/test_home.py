"""The cockpit's home page, "my jurisdiction": one card per assignment, counted within the user's scope."""

from django.test import TestCase

from shequ.core.testing.fixtures import build_tree
from shequ.regions.models import Grid


class HomeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        # Three grids in the district's communities, three in another district's.
        for key, sequence in (("C1", 1), ("C1", 2), ("C2", 1), ("C4", 1), ("C4", 2), ("C4", 3)):
            Grid.objects.create(community=cls.tree[key], sequence=sequence, name=f"网格{sequence}")

    def test_home_counts_within_the_jurisdiction(self):
        self.client.force_login(self.tree.users["district"])
        card = self.client.get("/").context["cards"][0]
        self.assertEqual(
            (card["division"].code, card["levels"], card["grids"]),
            ("350203000000", {"district": 1, "street": 2, "community": 3}, 3),
        )
