"""Key rotation re-encrypts every protected value under a new key id; plaintext and blind indexes stay (§5)."""

import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import TestCase, override_settings

from shequ.core.crypto import keyring
from shequ.core.testing.fixtures import build_tree
from shequ.people import services
from shequ.people.models import Household, Resident
from shequ.people.testing import make_household, make_resident


class KeyRotationTests(TestCase):
    def setUp(self):
        self.key_file = Path(tempfile.mkdtemp()) / "keys.json"
        shutil.copy(settings.DATA_KEY_FILE, self.key_file)
        self.override = override_settings(DATA_KEY_FILE=str(self.key_file))
        self.override.enable()
        keyring.cache_clear()
        self.addCleanup(self.restore)
        tree = build_tree()
        household = make_household(tree["C1"])
        services.set_address(household, "鸿山路 1 号", name="registered_address")
        household.save()
        self.resident = make_resident(
            tree["C1"], "曾国藩", household=household, id_number="11010519491231002X", phone="13812345678"
        )

    def restore(self):
        self.override.disable()
        keyring.cache_clear()

    def test_rotation_re_encrypts_everything_under_the_new_key(self):
        before = Resident.objects.unscoped("test").get()
        out = StringIO()
        call_command("rotate_data_key", stdout=out)
        self.assertEqual(out.getvalue().strip(), "Active key k2; re-encrypted 2 records.")
        after = Resident.objects.unscoped("test").get()
        self.assertTrue(after.id_number_encrypted.startswith("k2:"))
        self.assertTrue(after.phone_encrypted.startswith("k2:"))
        self.assertNotEqual(after.id_number_encrypted, before.id_number_encrypted)
        self.assertEqual((after.reveal("id_number"), after.reveal("phone")), ("11010519491231002X", "13812345678"))
        self.assertEqual(after.id_number_digest, before.id_number_digest)
        self.assertTrue(Household.objects.get().registered_address_encrypted.startswith("k2:"))
        self.assertEqual(Household.objects.get().reveal("registered_address"), "鸿山路 1 号")
        out = StringIO()
        call_command("rotate_data_key", "--resume", stdout=out)
        self.assertEqual(out.getvalue().strip(), "Active key k2; re-encrypted 0 records.")
