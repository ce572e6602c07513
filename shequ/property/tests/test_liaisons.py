"""Street property centres (issue #16 item 6, PROP-3): the street's centre and stations are handling units of the
call centre; each community names its persons for them. Scope matrix; a unit that is not a property centre or
station, or another street's, refused in Chinese naming the field."""

from django.test import TestCase

from shequ.core.testing.bounds import BoundsMixin
from shequ.core.testing.fixtures import build_tree
from shequ.core.testing.scope import ScopeMatrix
from shequ.property import models
from shequ.workorders.choices import UnitKind
from shequ.workorders.models import HandlingUnit


def centre_of(community):
    street = community.parent
    return HandlingUnit.objects.get_or_create(
        division=street, name=f"{street.name}物业管理中心", defaults={"kind": UnitKind.PROPERTY_CENTRE}
    )[0]


class PropertyLiaisonScopeTests(ScopeMatrix, TestCase):
    model = models.PropertyLiaison
    writer_level = "street"  # the street names them: a community's staff do not see the street's units

    @classmethod
    def make_object(cls, community):
        return models.PropertyLiaison.objects.create(community=community, unit=centre_of(community), name="陈专干")

    def create_payload(self, key):
        return {"community": self.tree[key].code, "unit": centre_of(self.tree[key]).pk, "name": "林楼长"}

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk}

    def update_payload(self):
        return {"duty": "物业专干"}


class PropertyLiaisonRuleTests(BoundsMixin, TestCase):
    model = models.PropertyLiaison
    level = "district"  # sees both streets' centres, so that the rule (not the scope) answers

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.centre = centre_of(cls.tree["C1"])
        cls.office = HandlingUnit.objects.create(division=cls.tree["S1"], name="厦港街道办事处", kind=UnitKind.STREET)
        cls.other_street = centre_of(cls.tree["C3"])  # C3 lies in another street of the same district

    def test_only_the_streets_own_centre_or_station(self):
        url = "/api/property/liaisons/"
        body = {"community": self.tree["C1"].code, "name": "林楼长"}
        self.assert_api_refuses(
            url, {**body, "unit": self.office.pk}, "unit", "请选择本街道的物业管理中心或其下属站点。"
        )
        self.assert_api_refuses(url, {**body, "unit": self.other_street.pk}, "unit", "该中心属于其他街道。")
        self.assert_api_accepts(url, {**body, "unit": self.centre.pk})
