"""A list counts at most `CappedPaginator.cap` + 1 rows (issue #15's bench: a ledger of ten million entries spent
most of its page on an exact count): below the cap the count is exact, above it the list says so and still pages."""

from unittest import mock

from django.test import SimpleTestCase, TestCase

from shequ.core.testing.fixtures import build_tree
from shequ.core.views import CappedPaginator
from shequ.organizations.models import StationedUnit

URL = "/organizations/stationed-units/"


class CappedCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        for n in range(10):
            StationedUnit.objects.create(community=cls.tree["C1"], name=f"驻区单位{n}")

    def setUp(self):
        self.client.force_login(self.tree.users["city"])

    def test_below_the_cap_the_count_is_exact(self):
        response = self.client.get(URL)
        self.assertEqual(
            (response.context["page"].paginator.count, response.context["page"].paginator.capped), (10, False)
        )
        self.assertContains(response, "共 10 条记录")

    def test_above_the_cap_the_list_says_so_and_counts_no_further(self):
        with mock.patch.object(CappedPaginator, "cap", 3), mock.patch("shequ.core.views.ObjectListView.paginate_by", 2):
            response = self.client.get(URL)
            second = self.client.get(URL, {"page": 2})
            paginator = response.context["page"].paginator
            self.assertEqual((paginator.count, paginator.capped), (4, True))  # counted up to cap + 1, not all 10
        self.assertContains(response, "超过 3 条记录：请筛选缩小范围")
        self.assertEqual(len(response.context["rows"]), 2)
        self.assertEqual((second.context["page"].number, len(second.context["rows"])), (2, 2))


class CappedListTests(SimpleTestCase):
    def test_a_list_is_counted_up_to_the_cap_too(self):

        paginator = CappedPaginator(list(range(10_050)), 50)
        self.assertEqual((paginator.count, paginator.capped), (10_001, True))
        self.assertEqual((CappedPaginator([1, 2, 3], 50).count, CappedPaginator([1, 2, 3], 50).capped), (3, False))
