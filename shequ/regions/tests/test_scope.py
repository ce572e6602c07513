"""The generated scope matrix over Division and Grid (issue #2, SVC-3, AC-1, AC-3)."""

from django.test import TestCase

from shequ.core.testing.scope import ScopeMatrix
from shequ.regions.models import Division, Grid


class DivisionScopeTests(ScopeMatrix, TestCase):
    model = Division
    writer_level = "district"
    list_filter = {"level": "community"}

    @classmethod
    def make_object(cls, community):
        return community

    def new_code(self, community_key):
        return self.tree[community_key].code[:9] + "900"

    def create_payload(self, community_key):
        return {"code": self.new_code(community_key), "name": "新建社区居委会"}

    def form_data(self, community_key):
        return {
            "code": self.new_code(community_key),
            "name": "新建社区居委会",
            "level": "",
            "parent": "",
            "edition": "",
        }

    def update_payload(self):
        return {"name": "更名社区居委会"}


class GridScopeTests(ScopeMatrix, TestCase):
    model = Grid
    writer_level = "community"

    @classmethod
    def make_object(cls, community):
        return Grid.objects.create(community=community, sequence=1, name=f"{community.name[:-3]}第一网格")

    def create_payload(self, community_key):
        return {"community": self.tree[community_key].code, "sequence": 2, "name": "第二网格"}

    def form_data(self, community_key):
        return {"community": self.tree[community_key].pk, "sequence": 2, "name": "第二网格", "description": ""}

    def update_payload(self):
        return {"name": "更名网格", "description": "沿河一带"}
