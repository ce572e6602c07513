"""`core.rights`: the one answer to "may this user act on this record, here" (issue #11, AC-3)."""

from django.contrib.auth.models import AnonymousUser
from django.test import TestCase

from shequ.core.rights import may, permission_for, user_may
from shequ.core.testing.fixtures import build_tree
from shequ.regions.models import Grid


class RightsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.grid_c1 = Grid.objects.create(community=cls.tree["C1"], sequence=1, name="一网格")
        cls.grid_c4 = Grid.objects.create(community=cls.tree["C4"], sequence=1, name="四网格")

    def test_within_the_jurisdiction_only(self):
        street = self.tree.users["street"]
        self.assertEqual(permission_for(Grid, "change"), "regions.change_grid")
        self.assertTrue(may(street, "change", self.grid_c1))
        self.assertFalse(may(street, "change", self.grid_c4))
        self.assertTrue(user_may(street, "regions.view_grid", "350203001004"))  # C2, the same street
        self.assertFalse(user_may(street, "regions.view_grid", "350203003001"))  # C3, another street

    def test_no_permission_no_user_no_active_user(self):
        self.assertFalse(may(self.tree.users["auditor"], "change", self.grid_c1))  # may read, not write
        self.assertTrue(may(self.tree.users["auditor"], "view", self.grid_c1))
        self.assertFalse(may(self.tree.users["unpermitted"], "view", self.grid_c1))
        self.assertFalse(may(AnonymousUser(), "view", self.grid_c1))
        self.assertFalse(may(None, "view", self.grid_c1))
        city = self.tree.users["city"]
        city.is_active = False
        self.assertFalse(may(city, "view", self.grid_c1))
