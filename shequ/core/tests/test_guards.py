"""The jurisdiction guard one clause at a time (issue #20; DESIGN.md §3, AC-1, AC-2): the code arithmetic of
`core.scope` and every refusal of `RestrictedQuerySet` and `CatalogueQuerySet`, each asserted exactly so that a
loosened clause fails here (`make mutate`)."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.test import SimpleTestCase, TestCase

from shequ.accounts.roles import Role
from shequ.core.context import change_context
from shequ.core.models import ObjectChange
from shequ.core.querysets import UnscopedQueryError
from shequ.core.scope import code_prefix, code_range, minimal_prefixes, scope_q
from shequ.core.testing.fixtures import COMMUNITIES, VISIBLE, build_tree, make_user
from shequ.people.choices import CareCategory
from shequ.people.models import CareRecord, Resident
from shequ.people.testing import make_resident
from shequ.regions.models import Grid
from shequ.workorders.models import Category, UnitLoad
from shequ.workorders.testing import make_desk


class ScopeArithmeticTests(SimpleTestCase):
    def test_code_prefix_of_every_level(self):
        self.assertEqual(
            [
                code_prefix(code)
                for code in ("350000000000", "350200000000", "350203000000", "350203001000", "350203001001")
            ],
            ["35", "3502", "350203", "350203001", "350203001001"],
        )
        # A street whose 9th digit is 0 but 7th and 8th are not is still a street; a code with no trailing zeros
        # is its own prefix.
        self.assertEqual(code_prefix("350203010000"), "350203010")
        self.assertEqual(code_prefix("350203001010"), "350203001010")
        self.assertEqual(code_prefix("350203001001007"), "350203001001007")  # a grid's 15-digit code

    def test_code_range_is_inclusive_and_padded_to_twelve_digits(self):
        self.assertEqual(code_range("350203"), ("350203000000", "350203999999"))
        self.assertEqual(code_range("350203001001"), ("350203001001", "350203001001"))
        self.assertEqual(code_range("35"), ("350000000000", "359999999999"))

    def test_minimal_prefixes_drop_covered_ones_and_keep_siblings(self):
        self.assertEqual(minimal_prefixes([]), [])
        self.assertEqual(minimal_prefixes(["350203001001", "350203"]), ["350203"])
        self.assertEqual(minimal_prefixes(["350206", "350203", "350203"]), ["350203", "350206"])
        # "3502031" is not within "350203001": a prefix, not a substring, covers.
        self.assertEqual(minimal_prefixes(["350203001", "350203101"]), ["350203001", "350203101"])
        self.assertEqual(minimal_prefixes(["3502", "350203001", "35"]), ["35"])

    def test_scope_q(self):
        self.assertEqual(scope_q([]), Q(pk__in=[]))
        self.assertEqual(scope_q(["350203"]), Q(division_code__range=("350203000000", "350203999999")))
        self.assertEqual(
            scope_q(["350206", "350203001", "350203"], "code"),
            Q(code__range=("350203000000", "350203999999")) | Q(code__range=("350206000000", "350206999999")),
        )


class RestrictedQuerySetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.grids = {
            key: Grid.objects.create(community=cls.tree[key], sequence=1, name=f"{key}网格") for key in COMMUNITIES
        }
        cls.root = make_user("root", is_superuser=True)
        with change_context(cls.tree.users["city"]):
            cls.resident = make_resident(cls.tree["C1"], "林秀英")

    def names(self, queryset):
        return {grid.name.removesuffix("网格") for grid in queryset}

    def test_each_level_sees_exactly_its_communities(self):
        for level, keys in VISIBLE.items():
            with self.subTest(level=level):
                self.assertEqual(self.names(Grid.objects.restrict(self.tree.users[level])), keys)
        self.assertEqual(self.names(Grid.objects.restrict(self.root)), set(COMMUNITIES))

    def test_the_action_is_the_roles_permission(self):
        auditor = self.tree.users["auditor"]  # reads the city, changes nothing
        self.assertEqual(self.names(Grid.objects.restrict(auditor, "view")), set(COMMUNITIES))
        self.assertEqual(self.names(Grid.objects.restrict(auditor, "change")), set())
        self.assertEqual(self.names(Grid.objects.restrict(self.tree.users["community"], "change")), {"C1"})
        with self.assertRaises(ImproperlyConfigured) as caught:
            Grid.objects.restrict(self.root, "approve")
        self.assertEqual(
            str(caught.exception), "Unknown action 'approve'; expected one of ('view', 'add', 'change', 'delete')."
        )

    def test_nobody_none_anonymous_deactivated_and_unassigned_see_nothing(self):
        city = self.tree.users["city"]
        city.is_active = False
        root = make_user("root2", is_superuser=True, is_active=False)
        for user in (None, AnonymousUser(), city, root, self.tree.users["unpermitted"]):
            with self.subTest(user=user):
                self.assertEqual(list(Grid.objects.restrict(user)), [])
                self.assertEqual(list(Resident.objects.restrict(user)), [])  # scoped: no UnscopedQueryError

    def test_fail_closed_models_refuse_to_be_read_unscoped(self):
        with self.assertRaises(UnscopedQueryError) as caught:
            list(Resident.objects.all())
        self.assertEqual(
            str(caught.exception),
            "Resident is fail-closed: call .restrict(user, action) or .unscoped(reason) first.",
        )
        with self.assertRaises(UnscopedQueryError):
            list(Resident.objects.filter(division_code="350203001001"))
        # Restricted or unscoped, a fail-closed queryset and its clones are read.
        community = self.tree.users["community"]
        self.assertEqual(list(Resident.objects.restrict(community).filter(name="x").order_by("pk")), [])
        self.assertEqual(list(Resident.objects.unscoped("test").filter(name="x")), [])
        self.assertEqual(list(Resident.objects.restrict(self.root).exclude(name="x")), [self.resident])
        # A queryset whose rows are already there (Django's prefetch fills them in) is not fetched again.
        prefetched = Resident.objects.all()
        prefetched._result_cache = [self.resident]
        self.assertEqual(list(prefetched), [self.resident])
        self.assertEqual(list(Resident.objects.restrict(community)), [self.resident])
        self.assertEqual(list(Resident.objects.restrict(self.tree.users["street"], "change")), [self.resident])
        self.assertEqual(list(Resident.objects.restrict(make_user("c4", Role.COMMUNITY_STAFF, self.tree["C4"]))), [])
        # A model that is not fail-closed is read without restrict().
        self.assertEqual(len(list(Grid.objects.all())), 4)
        with self.assertRaises(ValueError) as caught:
            Resident.objects.unscoped("")
        self.assertEqual(str(caught.exception), "unscoped() needs a reason.")

    def test_the_permission_is_the_models_own_or_the_one_it_borrows(self):
        # A derived table is seen by whoever may see the rows it counts: a grid worker changes work orders (and so
        # their counts) in C1, and holds no permission named after the table itself.
        for key in ("C1", "C4"):
            UnitLoad.objects.create(division_code=self.tree[key].code, status="dispatched", open=1, yellow=0, red=0)
        worker = make_user("grid_worker", Role.GRID_WORKER, self.tree["C1"])
        self.assertEqual(
            [load.division_code for load in UnitLoad.objects.restrict(worker, "change")], [self.tree["C1"].code]
        )
        self.assertEqual(list(UnitLoad.objects.restrict(self.tree.users["auditor"], "change")), [])
        # A model's own name decides where a role's grants name models: the auditor reads everything but care
        # records.
        with change_context(self.tree.users["city"]):
            care = CareRecord.objects.create(resident=self.resident, category=CareCategory.ELDERLY_ALONE)
        self.assertEqual(list(CareRecord.objects.restrict(self.tree.users["auditor"])), [])
        self.assertEqual(list(CareRecord.objects.restrict(self.tree.users["community"])), [care])

    def test_within_and_the_scope_field(self):
        self.assertEqual(self.names(Grid.objects.within("350203001")), {"C1", "C2"})
        self.assertEqual(self.names(Grid.objects.within("350206")), {"C4"})
        self.assertEqual(Grid.objects.all().scope_field, "division_code")


class ChangeLogRestrictionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        with change_context(cls.tree.users["city"]):
            for key in COMMUNITIES:
                Grid.objects.create(community=cls.tree[key], sequence=1, name=f"{key}网格")

    def test_the_change_log_is_refused_to_nobody_and_whole_to_a_superuser(self):
        everything = set(ObjectChange.objects.unscoped("test").values_list("pk", flat=True))
        self.assertEqual(len(everything), 4)
        root = make_user("root", is_superuser=True)
        self.assertEqual(set(ObjectChange.objects.restrict(root).values_list("pk", flat=True)), everything)
        for user in (None, AnonymousUser(), self.tree.users["unpermitted"]):
            with self.subTest(user=user):
                self.assertEqual(list(ObjectChange.objects.restrict(user)), [])
        self.assertEqual(
            {
                change.object_repr
                for change in ObjectChange.objects.restrict(make_user("s1", Role.AUDITOR, self.tree["S1"]))
            },
            {"C1网格（350203001001001）", "C2网格（350203001004001）"},
        )


class CatalogueQuerySetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        make_desk(cls.tree)  # categories 01 and 0101

    def test_the_permission_alone_decides(self):
        self.assertEqual([c.code for c in Category.objects.restrict(self.tree.users["community"])], ["01", "0101"])
        for user in (None, AnonymousUser(), self.tree.users["unpermitted"]):
            with self.subTest(user=user):
                self.assertEqual(list(Category.objects.restrict(user)), [])
        with self.assertRaises(ImproperlyConfigured) as caught:
            Category.objects.restrict(self.tree.users["community"], "publish")
        self.assertEqual(
            str(caught.exception), "Unknown action 'publish'; expected one of ('view', 'add', 'change', 'delete')."
        )
