"""One clock across machines (issue #18, ADR 0016): the loop's lock is held by one holder at a time, released when
the holder lets go (or dies: PostgreSQL ends its session, the kernel its flock), then taken by another."""

import tempfile
from pathlib import Path
from unittest import mock

from django.db import connection
from django.test import TransactionTestCase

from shequ.core.singleton import SingletonLock, lock_key


class SingletonLockTests(TransactionTestCase):
    def locks(self):
        if connection.vendor == "sqlite":  # a file beside the database: give the in-memory test database one
            folder = Path(tempfile.mkdtemp(prefix="shequ-lock-"))
            patcher = mock.patch.dict(connection.settings_dict, {"NAME": str(folder / "db.sqlite3")})
            patcher.start()
            self.addCleanup(patcher.stop)
        first, second = SingletonLock("test-clock"), SingletonLock("test-clock")
        self.addCleanup(first.release)
        self.addCleanup(second.release)
        return first, second

    def test_one_holder_at_a_time_and_the_next_takes_over(self):
        first, second = self.locks()
        self.assertEqual((first.acquire(), second.acquire()), (True, False))
        self.assertEqual((first.acquire(), second.acquire()), (True, False))  # held again by the same holder
        first.release()
        self.assertEqual((second.acquire(), first.acquire()), (True, False))

    def test_other_names_do_not_conflict(self):
        first, _ = self.locks()
        other = SingletonLock("test-rollups")
        self.addCleanup(other.release)
        self.assertEqual((first.acquire(), other.acquire()), (True, True))

    def test_keys_are_stable_signed_64_bit(self):
        self.assertEqual(lock_key("call-centre-clock"), lock_key("call-centre-clock"))
        self.assertNotEqual(lock_key("call-centre-clock"), lock_key("cockpit-rollups"))
        self.assertTrue(-(2**63) <= lock_key("call-centre-clock") < 2**63)
