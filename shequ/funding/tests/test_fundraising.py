"""Voluntary fundraising for public welfare (issue #15, FIN-1): donations received into a project's earmarked
sub-account through `services.receive_donation`, receipts numbered per street and year, cancellation by a
reversing entry (once), the printable receipt (an anonymous donor unnamed, the amount in capitals) and bad input
refused naming the field."""

import threading
import time
from datetime import date
from decimal import Decimal
from unittest import mock

import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import SimpleTestCase, TestCase, TransactionTestCase, skipUnlessDBFeature
from django.utils import translation
from rest_framework.test import APIClient

from shequ.core.errors import IllegalTransition
from shequ.core.testing.fixtures import build_tree
from shequ.funding import services
from shequ.funding.capitals import capitals
from shequ.funding.choices import AccountKind, DonationStatus, EntryKind, FundKind
from shequ.funding.models import Account, Donation, Entry, FundraisingProject

TODAY = date(2026, 11, 20)


def fundraising(division, name="助学募捐", street=None, starts_on=date(2025, 12, 1)):
    """A project of `division` whose earmark is in the ledger of `street` (default: the division's own)."""
    ledger = street or division
    bank, _new = Account.objects.get_or_create(
        division=ledger, name=f"{ledger.name}基本户", defaults={"kind": AccountKind.BANK}
    )
    earmark = Account.objects.create(
        division=ledger, name=f"{name}专户", kind=AccountKind.EARMARK, parent=bank, fund=FundKind.FUNDRAISING
    )
    return FundraisingProject.objects.create(
        division=division, name=name, purpose="资助困难家庭学生", starts_on=starts_on, earmark=earmark
    )


def balance(account) -> Decimal:
    return Account.objects.unscoped("test").get(pk=account.pk).balance


@time_machine.travel(TODAY, tick=False)
class DonationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.user = cls.tree.users["street"]
        cls.project = fundraising(cls.tree["S1"])

    def give(self, amount="1000.00", project=None, user=None, **extra):
        fields = {"donor_name": "王小明", "donor_kind": "person", "received_on": date(2026, 3, 1), **extra}
        return services.receive_donation(
            acting_user=user or self.user, project=project or self.project, amount=amount, **fields
        )

    def test_receipt_numbers_are_sequential_per_street_and_year(self):
        first = self.give(received_on=date(2026, 3, 1))
        second = self.give(received_on=date(2026, 4, 1))
        last_year = self.give(received_on=date(2025, 12, 15))
        other_project = fundraising(self.tree["C1"], name="关爱老人", street=self.tree["S1"])
        third = self.give(project=other_project, received_on=date(2026, 5, 1))
        other_street = self.give(
            project=fundraising(self.tree["S2"], name="扶残助残"), user=self.tree.users["district"]
        )
        self.assertEqual(
            [d.receipt_number for d in (first, second, last_year, third, other_street)],
            ["JZ2026-000001", "JZ2026-000002", "JZ2025-000001", "JZ2026-000003", "JZ2026-000001"],
        )
        self.assertEqual((third.issuer, other_street.issuer), (self.tree["S1"], self.tree["S2"]))
        self.assertEqual(third.division_code, self.tree["C1"].code)  # the project's community, the street's receipt

    def test_two_donations_and_a_cancellation_leave_exact_balances(self):
        first = self.give("1000.00")
        second = self.give("2345.67", donor_name="厦门某某有限公司", donor_kind="unit")
        source = Account.objects.unscoped("test").get(division=self.tree["S1"], name="社会捐赠收入")
        self.assertEqual((source.kind, source.fund), (AccountKind.SOURCE, FundKind.FUNDRAISING))
        self.assertEqual((balance(self.project.earmark), balance(source)), (Decimal("3345.67"), Decimal("-3345.67")))
        self.assertEqual(
            (first.entry.kind, first.entry.description), (EntryKind.ALLOCATION, "捐赠 JZ2026-000001 助学募捐")
        )
        cancelled = services.cancel_donation(acting_user=self.user, donation=first, reason="重复登记")
        self.assertEqual((balance(self.project.earmark), balance(source)), (Decimal("2345.67"), Decimal("-2345.67")))
        self.assertEqual(
            (cancelled.status, cancelled.cancel_reason, cancelled.cancelled_on, cancelled.cancellation.reverses),
            (DonationStatus.CANCELLED, "重复登记", TODAY, first.entry),
        )
        self.assertEqual(self.project.raised(), Decimal("2345.67"))
        self.assertEqual(second.status, DonationStatus.RECORDED)
        # The receipt number stays issued: the next donation does not reuse it.
        self.assertEqual(self.give("1.00").receipt_number, "JZ2026-000003")

    def test_donations_arrive_only_with_their_donor_and_receipt(self):
        self.give("10.00")
        source = Account.objects.unscoped("test").get(division=self.tree["S1"], name="社会捐赠收入")
        with self.assertRaises(ValidationError) as refused:
            services.allocate(
                acting_user=self.user, earmark=self.project.earmark, source=source, amount="5.00", description="无票"
            )
        self.assertEqual(
            refused.exception.message_dict, {"source": ["捐赠须连同捐赠人和收据登记：请在募捐项目中登记捐赠。"]}
        )
        self.assertEqual(balance(self.project.earmark), Decimal("10.00"))
        from shequ.funding.forms import PostForm

        self.assertNotIn(source, PostForm(user=self.user).fields["other"].queryset)

    def test_a_request_in_english_uses_the_same_donations_source(self):
        # The source is found again by its name, and locking it orders the street's receipt numbers: a user reading
        # the site in English must not open a second one.
        self.give("1.00")
        with translation.override("en"):
            second = self.give("2.00")
        sources = Account.objects.unscoped("t").filter(division=self.tree["S1"], kind=AccountKind.SOURCE)
        self.assertEqual(list(sources.values_list("name", "balance")), [("社会捐赠收入", Decimal("-3.00"))])
        self.assertEqual(second.receipt_number, "JZ2026-000002")

    def test_a_cancelled_donation_is_not_cancelled_twice(self):
        donation = self.give("500.00")
        services.cancel_donation(acting_user=self.user, donation=donation, reason="对方撤回")
        with self.assertRaises(IllegalTransition) as refused:
            services.cancel_donation(acting_user=self.user, donation=donation, reason="再次")
        self.assertEqual(str(refused.exception), "该捐赠已经作废。")
        self.assertEqual(Entry.objects.unscoped("t").filter(kind=EntryKind.REVERSAL).count(), 1)
        self.assertEqual(balance(self.project.earmark), Decimal("0.00"))
        api = APIClient()
        api.force_login(self.user)
        response = api.post(f"/api/funding/donations/{donation.pk}/cancel/", {"reason": "再次"}, format="json")
        self.assertEqual((response.status_code, response.data), (409, {"detail": "该捐赠已经作废。"}))
        with self.assertRaises(ValidationError) as no_reason:
            services.cancel_donation(acting_user=self.user, donation=self.give("1.00"), reason="  ")
        self.assertEqual(no_reason.exception.message_dict, {"reason": ["请说明作废原因。"]})

    def test_a_donations_entry_is_reversed_only_by_cancelling_the_donation(self):
        donation = self.give("500.00")
        message = "该分录记录的是捐赠 JZ2026-000001：请作废该捐赠。"
        with self.assertRaises(IllegalTransition) as refused:
            services.reverse(acting_user=self.user, entry=donation.entry, reason="冲销")
        self.assertEqual(str(refused.exception), message)
        api = APIClient()
        api.force_login(self.user)
        response = api.post(f"/api/funding/entries/{donation.entry_id}/reverse/", {"reason": "冲销"}, format="json")
        self.assertEqual((response.status_code, response.data), (409, {"detail": message}))
        self.client.force_login(self.user)
        page = self.client.get(donation.entry.get_absolute_url())
        self.assertNotContains(page, 'name="action" value="reverse"')
        self.client.post(donation.entry.get_absolute_url(), {"action": "reverse", "reason": "冲销"})
        self.assertFalse(Entry.objects.unscoped("t").filter(kind=EntryKind.REVERSAL).exists())
        donation.refresh_from_db()
        self.assertEqual(
            (donation.status, self.project.raised(), balance(self.project.earmark)),
            (DonationStatus.RECORDED, Decimal("500.00"), Decimal("500.00")),
        )
        services.cancel_donation(acting_user=self.user, donation=donation, reason="对方撤回")
        self.assertEqual((self.project.raised(), balance(self.project.earmark)), (Decimal("0.00"), Decimal("0.00")))

    def test_a_project_takes_only_a_fundraising_earmark(self):
        # 专款专用: donations into the community-work earmark would be spent and reported as government money.
        work = Account.objects.create(
            division=self.tree["S1"],
            name="社区工作经费专户",
            kind=AccountKind.EARMARK,
            parent=self.project.earmark.parent,
            fund=FundKind.COMMUNITY_WORK,
        )
        project = FundraisingProject(
            division=self.tree["S1"], name="助老募捐", purpose="助老", starts_on=date(2026, 1, 1), earmark=work
        )
        with self.assertRaises(ValidationError) as refused:
            project.full_clean()
        self.assertEqual(refused.exception.message_dict, {"earmark": ["捐赠须进入募捐专用的专项子账户。"]})
        api = APIClient()
        api.force_login(self.user)
        body = {
            "division": self.tree["S1"].code,
            "name": "助老募捐",
            "purpose": "助老",
            "starts_on": "2026-01-01",
            "status": "open",
            "earmark": work.pk,
        }
        response = api.post("/api/funding/fundraising-projects/", body, format="json")
        self.assertEqual(
            (response.status_code, response.data), (400, {"earmark": ["捐赠须进入募捐专用的专项子账户。"]})
        )
        self.assertEqual(FundraisingProject.objects.unscoped("t").count(), 1)

    def test_a_donation_is_never_deleted(self):
        donation = self.give()
        with self.assertRaises(IllegalTransition):
            donation.delete()
        self.client.force_login(self.user)
        self.assertEqual(self.client.post(f"/funding/donations/{donation.pk}/delete/").status_code, 404)
        api = APIClient()
        api.force_login(self.user)
        self.assertEqual(api.delete(f"/api/funding/donations/{donation.pk}/").status_code, 405)
        self.assertEqual(api.patch(f"/api/funding/donations/{donation.pk}/", {"amount": "1.00"}).status_code, 405)

    def test_the_receipt_names_no_anonymous_donor_and_gives_the_amount_in_capitals(self):
        anonymous = self.give("12345.67", donor_name="李秀英", anonymous=True)
        named = self.give("10.00", donor_name="厦门某某有限公司", donor_kind="unit")
        self.client.force_login(self.user)
        page = self.client.get(f"/funding/donations/{anonymous.pk}/receipt/").content.decode()
        self.assertNotIn("李秀英", page)
        self.assertIn('<td id="receipt-donor">匿名</td>', page)
        self.assertIn('<td id="receipt-amount">¥12345.67</td>', page)
        self.assertIn('<td id="receipt-capitals">人民币 壹万贰仟叁佰肆拾伍元陆角柒分</td>', page)
        self.assertIn('<div class="number" id="receipt-number">编号 JZ2026-000001</div>', page)
        self.assertIn("厦港街道", page)
        page = self.client.get(f"/funding/donations/{named.pk}/receipt/").content.decode()
        self.assertIn('<td id="receipt-donor">厦门某某有限公司</td>', page)
        self.assertIn('<td id="receipt-capitals">人民币 壹拾元整</td>', page)
        self.assertEqual(str(anonymous), "JZ2026-000001 匿名")
        project_page = self.client.get(self.project.get_absolute_url()).content.decode()
        self.assertNotIn("李秀英", project_page)
        self.assertIn("<td>匿名</td>", project_page)
        self.assertIn("12355.67", project_page)  # raised: 12345.67 + 10.00
        # Outside the jurisdiction the receipt is a 404 like a missing one.
        self.client.force_login(self.tree.users["community"])
        self.assertEqual(self.client.get(f"/funding/donations/{anonymous.pk}/receipt/").status_code, 404)

    def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(self):
        for amount, message in (
            ("-5.00", "金额：必须大于零。"),
            ("1.001", "金额：最多两位小数（分）。"),
            ("一百元", "金额：不是数字。"),
        ):
            with self.subTest(amount=amount), self.assertRaises(ValidationError) as refused:
                self.give(amount)
            self.assertEqual(refused.exception.message_dict, {"amount": [message]})
        for extra, errors in (
            ({"donor_name": " "}, {"donor_name": ["请填写捐赠人名称。"]}),
            ({"donor_kind": "unit", "anonymous": True}, {"anonymous": ["只有个人捐赠人可以匿名。"]}),
            ({"donor_kind": "robot"}, {"donor_kind": ["捐赠人为个人或单位。"]}),
            ({"received_on": date(2026, 11, 21)}, {"received_on": ["捐赠收到后才能登记，不能提前。"]}),
            ({"received_on": date(2025, 11, 30)}, {"received_on": ["该募捐项目在当天不接受捐赠。"]}),
        ):
            with self.subTest(extra=extra), self.assertRaises(ValidationError) as refused:
                self.give(**extra)
            self.assertEqual(refused.exception.message_dict, errors)
        self.project.status = "closed"
        self.project.save()
        with self.assertRaises(ValidationError) as closed:
            self.give()
        self.assertEqual(closed.exception.message_dict, {"project": ["该募捐项目已结束，不再接受捐赠。"]})
        self.assertEqual((Donation.objects.unscoped("t").count(), Entry.objects.unscoped("t").count()), (0, 0))

    def test_the_api_receives_and_refuses(self):
        api = APIClient()
        api.force_login(self.user)
        url = f"/api/funding/fundraising-projects/{self.project.pk}/receive/"
        body = {"donor_name": "王小明", "donor_kind": "person", "amount": "800.50", "received_on": "2026-03-01"}
        response = api.post(url, body, format="json")
        self.assertEqual(response.status_code, 201, response.data)
        self.assertEqual(
            (response.data["receipt_number"], response.data["amount"], response.data["status"]),
            ("JZ2026-000001", "800.50", "recorded"),
        )
        for amount, message in (
            ("-1", "金额：必须大于零。"),
            ("1.005", "金额：最多两位小数（分）。"),
            ("abc", "金额：不是数字。"),
            ("1e999999", "金额：最多 9,999,999,999.99 元。"),  # no fen to quantize to: was a 500
            ("1E+30", "金额：最多 9,999,999,999.99 元。"),
            ("1e-999999", "金额：最多两位小数（分）。"),
        ):
            response = api.post(url, {**body, "amount": amount}, format="json")
            self.assertEqual((response.status_code, response.data), (400, {"amount": [message]}))
        # A community's staff may not write the street's ledger.
        community = APIClient()
        community.force_login(self.tree.users["community"])
        self.assertEqual(community.post(url, body, format="json").status_code, 404)
        self.assertEqual(Donation.objects.unscoped("t").count(), 1)

    def test_the_page_records_a_donation_and_cancels_it(self):
        self.client.force_login(self.user)
        form = self.client.get(f"/funding/donations/add/?project={self.project.pk}")
        self.assertEqual(form.status_code, 200)
        data = {
            "project": self.project.pk,
            "donor_name": "王小明",
            "donor_kind": "person",
            "amount": "300.00",
            "received_on": "2026-03-01",
        }
        refused = self.client.post("/funding/donations/add/", {**data, "amount": "3.333"})
        self.assertEqual(refused.context["form"].errors, {"amount": ["金额：最多两位小数（分）。"]})
        refused = self.client.post("/funding/donations/add/", {**data, "amount": "1e999999"})
        self.assertEqual(refused.context["form"].errors, {"amount": ["金额：最多 9,999,999,999.99 元。"]})
        response = self.client.post("/funding/donations/add/", data)
        donation = Donation.objects.unscoped("t").get()
        self.assertRedirects(response, donation.get_absolute_url(), fetch_redirect_response=False)
        detail = self.client.get(donation.get_absolute_url())
        self.assertContains(detail, "叁佰元整")
        self.client.post(donation.get_absolute_url(), {"action": "cancel", "reason": "登记错误"})
        donation.refresh_from_db()
        self.assertEqual((donation.status, balance(self.project.earmark)), (DonationStatus.CANCELLED, Decimal("0.00")))
        self.assertNotContains(self.client.get(donation.get_absolute_url()), 'id="cancel-form"')


class CapitalsTests(SimpleTestCase):
    def test_boundaries(self):
        for amount, words in (
            ("0.01", "壹分"),
            ("0.50", "伍角"),
            ("10.00", "壹拾元整"),
            ("20.10", "贰拾元壹角"),
            ("1001.01", "壹仟零壹元零壹分"),
            ("100500.00", "壹拾万零伍佰元整"),
            ("100000.05", "壹拾万元零伍分"),
            ("12345.67", "壹万贰仟叁佰肆拾伍元陆角柒分"),
            ("1234567.89", "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"),
            ("100000500.00", "壹亿零伍佰元整"),
            ("1000000000.00", "壹拾亿元整"),
            ("9999999999.99", "玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
            ("0", "零元整"),
        ):
            with self.subTest(amount=amount):
                self.assertEqual(capitals(Decimal(amount)), words)

    def test_refuses_what_is_no_amount(self):
        for value in (Decimal("-1"), Decimal("1.001"), Decimal("NaN"), 1.5):
            with self.subTest(value=value), self.assertRaises(ValueError):
                capitals(value)


@skipUnlessDBFeature("has_select_for_update")
class ConcurrentCancellationTests(TransactionTestCase):
    """A donation received while another of the project is cancelled (PostgreSQL): both lock the earmark and the
    donations source, in the same order, so that neither ends in a deadlock."""

    def test_a_donation_and_a_cancellation_at_the_same_moment(self):
        if connection.vendor != "postgresql":
            self.skipTest("row locks are PostgreSQL's")
        tree = build_tree()
        user = tree.users["street"]
        project = fundraising(tree["S1"])
        first = services.receive_donation(
            acting_user=user, project=project, donor_name="王小明", donor_kind="person", amount="100.00"
        )
        locked, outcomes = threading.Event(), []
        allocate = services.allocate

        def allocate_later(**kwargs):
            locked.set()  # the receipt's locks are held: let the cancellation start and wait on them
            time.sleep(1.5)
            return allocate(**kwargs)

        def receive():
            try:
                with mock.patch.object(services, "allocate", allocate_later):
                    services.receive_donation(
                        acting_user=user, project=project, donor_name="李华", donor_kind="person", amount="50.00"
                    )
                outcomes.append("received")
            except Exception as error:  # noqa: BLE001 - the deadlock is what the test is after
                outcomes.append(type(error).__name__)
            finally:
                connection.close()

        def cancel():
            try:
                locked.wait(10)
                services.cancel_donation(acting_user=user, donation=first, reason="重复登记")
                outcomes.append("cancelled")
            except Exception as error:  # noqa: BLE001
                outcomes.append(type(error).__name__)
            finally:
                connection.close()

        threads = [threading.Thread(target=receive), threading.Thread(target=cancel)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(sorted(outcomes), ["cancelled", "received"])
        self.assertEqual(balance(project.earmark), Decimal("50.00"))
        self.assertEqual(project.raised(), Decimal("50.00"))
