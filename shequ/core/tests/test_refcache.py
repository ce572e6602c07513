"""The per-process reference cache (core.refcache): values are remembered, dropped when a row of a watched model is
saved or deleted (in this process at once, in others within a second), and dropped after the TTL anyway."""

from unittest import mock

from django.core.cache import cache
from django.test import TestCase

from shequ.core.refcache import ReferenceCache
from shequ.regions.models import Division


class ReferenceCacheTests(TestCase):
    def setUp(self):
        self.reference = ReferenceCache("test", Division, ttl=60)
        self.addCleanup(ReferenceCache.instances.remove, self.reference)
        self.calls = 0

    def compute(self):
        self.calls += 1
        return self.calls

    def test_remembered_until_a_watched_row_changes(self):
        self.assertEqual([self.reference.get("k", self.compute) for _ in range(3)], [1, 1, 1])
        Division.objects.create(code="350200000000", name="厦门市", level="city")
        self.assertEqual(self.reference.get("k", self.compute), 2)

    def test_another_process_change_is_seen_within_a_second(self):
        self.assertEqual(self.reference.get("k", self.compute), 1)
        cache.set(self.reference.key, "changed elsewhere", None)  # what another process's signal does
        clock = mock.patch("shequ.core.refcache.time.monotonic")
        with clock as monotonic:
            monotonic.return_value = self.reference._checked + 0.5
            self.assertEqual(self.reference.get("k", self.compute), 1)
            monotonic.return_value = self.reference._checked + 1.5
            self.assertEqual(self.reference.get("k", self.compute), 2)

    def test_dropped_after_the_ttl_and_when_the_cache_is_cleared(self):
        self.assertEqual(self.reference.get("k", self.compute), 1)
        with mock.patch("shequ.core.refcache.time.monotonic") as monotonic:
            monotonic.return_value = self.reference._loaded + 61
            self.assertEqual(self.reference.get("k", self.compute), 2)
            cache.clear()
            monotonic.return_value += 2
            self.assertEqual(self.reference.get("k", self.compute), 3)

    def test_checked_on_every_look_up_when_asked_and_ignored_saves_keep_the_values(self):
        strict = ReferenceCache(
            "strict", Division, check_every=0, ignore=lambda update_fields=None, **kw: bool(update_fields)
        )
        self.addCleanup(ReferenceCache.instances.remove, strict)
        self.assertEqual(strict.get("k", self.compute), 1)
        cache.set(strict.key, "changed elsewhere", None)
        self.assertEqual(strict.get("k", self.compute), 2)  # no second's grace
        division = Division.objects.create(code="350200000000", name="厦门市", level="city")
        self.assertEqual(strict.get("k", self.compute), 3)
        division.save(update_fields=["name"])
        self.assertEqual(strict.get("k", self.compute), 3)
