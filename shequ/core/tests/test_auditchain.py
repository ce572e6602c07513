"""The audit logs are append-only and hash-chained; `verify_audit` names the first row changed or removed behind
the application's back (issue #12, GB/T 22239 level 3 audit)."""

import datetime as dt
from io import StringIO

import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.utils import timezone

from shequ.core import auditchain
from shequ.core.audit import log_access
from shequ.core.choices import AccessEvent
from shequ.core.context import change_context
from shequ.core.models import AccessLog, AuditSeal, ObjectChange
from shequ.core.testing.fixtures import build_tree
from shequ.regions.models import Grid


class AuditChainTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        with change_context(cls.tree.users["city"]):
            for sequence in (1, 2, 3):
                Grid.objects.create(community=cls.tree["C1"], sequence=sequence, name=f"第{sequence}网格")
        log_access(AccessEvent.EXPORT, user=cls.tree.users["city"], model="regions.grid", format="csv")

    def grid_changes(self):
        return list(ObjectChange.objects.filter(object_type__model="grid").order_by("id"))

    def test_rows_are_written_with_their_digest_and_verify_once_sealed(self):
        for row in self.grid_changes():
            self.assertEqual(row.digest, auditchain.row_digest(row))
            self.assertIsNone(row.seal_id)
        self.assertEqual(auditchain.seal_all(), 2)
        change_seal = AuditSeal.objects.get(log="change")
        self.assertEqual((change_seal.rows, change_seal.previous), (3, ""))
        self.assertEqual(change_seal.ids, [[self.grid_changes()[0].pk, self.grid_changes()[-1].pk]])
        self.assertIsNone(auditchain.verify("change"))
        self.assertIsNone(auditchain.verify("access"))
        # A second pass chains onto the first.
        with change_context(self.tree.users["city"]):
            Grid.objects.create(community=self.tree["C1"], sequence=4, name="第4网格")
        self.assertEqual(auditchain.seal_all(), 1)
        second = AuditSeal.objects.filter(log="change").latest("id")
        self.assertEqual((second.rows, second.previous), (1, change_seal.digest))
        self.assertIsNone(auditchain.verify("change"))

    def test_the_orm_refuses_to_change_or_delete_a_row(self):
        row = self.grid_changes()[0]
        with self.assertRaisesMessage(RuntimeError, "append-only"):
            row.save()
        with self.assertRaisesMessage(RuntimeError, "append-only"):
            row.delete()
        with self.assertRaisesMessage(RuntimeError, "append-only"):
            AccessLog.objects.get().delete()

    def test_a_changed_row_is_named(self):
        auditchain.seal_all()
        second = self.grid_changes()[1]
        ObjectChange.objects.filter(pk=second.pk).update(object_repr="别的网格")
        self.assertEqual(str(auditchain.verify("change")), f"change: row {second.pk} was changed")
        # ... also before it was sealed.
        with change_context(self.tree.users["city"]):
            Grid.objects.create(community=self.tree["C1"], sequence=5, name="第5网格")
        ObjectChange.objects.filter(pk=second.pk).update(object_repr=second.object_repr)
        self.assertIsNone(auditchain.verify("change"))
        newest = ObjectChange.objects.latest("id")
        ObjectChange.objects.filter(pk=newest.pk).update(user_name="someone_else")
        self.assertEqual(str(auditchain.verify("change")), f"change: row {newest.pk} was changed (not sealed yet)")

    def test_a_removed_row_or_seal_is_named(self):
        auditchain.seal_all()
        first, second, _third = self.grid_changes()
        link = AuditSeal.objects.get(log="change")
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {ObjectChange._meta.db_table} WHERE id = %s", [second.pk])
        self.assertEqual(
            str(auditchain.verify("change")), f"change: row {second.pk} was removed (sealed in seal {link.pk})"
        )
        # A whole seal removed with its rows: the next seal no longer follows the chain.
        with change_context(self.tree.users["city"]):
            Grid.objects.create(community=self.tree["C1"], sequence=6, name="第6网格")
        auditchain.seal_all()
        later = AuditSeal.objects.filter(log="change").latest("id")
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {ObjectChange._meta.db_table} WHERE seal_id = %s", [link.pk])
            cursor.execute(f"DELETE FROM {AuditSeal._meta.db_table} WHERE id = %s", [link.pk])
        self.assertEqual(
            str(auditchain.verify("change")), f"change: seal {later.pk}: the seal before it was changed or removed"
        )
        self.assertTrue(first.pk)

    def test_a_late_commit_is_sealed_by_a_later_pass(self):
        first = self.grid_changes()[0]
        # The first row's id was taken by a transaction that commits only after the next pass (a long import).
        ObjectChange.objects.filter(pk=first.pk)._raw_delete(connection.alias)
        auditchain.seal_all()
        ObjectChange.objects.bulk_create([first])
        self.assertEqual(auditchain.seal_all(), 1)
        late_seal = AuditSeal.objects.filter(log="change").latest("id")
        self.assertEqual((late_seal.rows, late_seal.ids), (1, [[first.pk, first.pk]]))
        self.assertIsNone(auditchain.verify("change"))

    def test_verify_audit_command(self):
        out = StringIO()
        call_command("verify_audit", stdout=out)
        self.assertEqual(out.getvalue().strip(), "Both audit logs verify.")
        row = AccessLog.objects.get()
        AccessLog.objects.filter(pk=row.pk).update(username="nobody")
        err = StringIO()
        with self.assertRaises(CommandError) as raised:
            call_command("verify_audit", stdout=StringIO(), stderr=err)
        self.assertEqual(raised.exception.returncode, 1)
        self.assertEqual(err.getvalue().strip(), f"access: row {row.pk} was changed")

    def test_retention_is_at_least_six_months_and_pruning_keeps_the_chain(self):
        with self.assertRaisesMessage(ValueError, "at least 180 days"):
            auditchain.prune("change", days=179)
        auditchain.seal_all()  # today's rows
        recent = AuditSeal.objects.get(log="change")
        self.assertEqual(auditchain.prune("change", days=180), 0)
        with time_machine.travel(timezone.now() + dt.timedelta(days=200)):
            with change_context(self.tree.users["city"]):
                Grid.objects.create(community=self.tree["C1"], sequence=7, name="第7网格")
            auditchain.seal_all()
            with override_settings(SHEQU_AUDIT_RETENTION_DAYS=180):
                self.assertEqual(auditchain.prune("change"), 3)
        recent.refresh_from_db()
        self.assertTrue(recent.pruned)
        self.assertEqual(ObjectChange.objects.filter(object_type__model="grid").count(), 1)
        self.assertIsNone(auditchain.verify("change"))
