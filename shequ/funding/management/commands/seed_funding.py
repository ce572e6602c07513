"""The demo street's ledger (issue #15, FIN-1, FIN-3) and the city's average social wage (FIN-2).

The city's first street gets its bank account, a community-work earmark funded from the district, the funding of
each admitted item with money (费随事转, from `seed_admission`), and a year of disbursements; every entry through
`services.post`, so the ledger reconciles. The same first run seeds a voluntary fundraising project with donations
received through `services.receive_donation` (FIN-1), three assets and a special audit with two findings, one of
them rectified (FIN-3). `--if-empty` does nothing when the street has ledger accounts already.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from shequ.accounts.models import User
from shequ.accounts.roles import Role
from shequ.admission.models import AdmittedItem
from shequ.core.context import change_context
from shequ.funding import services
from shequ.funding.choices import AccountKind, AssetKind, AssetSource, FundKind
from shequ.funding.models import Account, Asset, Audit, AuditFinding, Budget, FundraisingProject, SocialWage
from shequ.regions.models import Division


class Command(BaseCommand):
    help = "Seed the demo street's earmarked ledger and the city's average social wage."

    def add_arguments(self, parser):
        parser.add_argument("--city", default=settings.SHEQU_CITY_CODE)
        parser.add_argument("--if-empty", action="store_true")

    @transaction.atomic
    def handle(self, *args, city, if_empty, **options):
        street = Division.objects.filter(code__startswith=city[:4], level="street").order_by("code").first()
        if street is None:
            self.stdout.write("No street to seed a ledger for; run load_divisions first.")
            return
        if if_empty and Account.objects.unscoped("seed check").filter(division=street).exists():
            self.stdout.write("The demo street's ledger exists already; nothing seeded.")
            return
        # The ledger's writer is the street's own staff (from `setup_demo`): the services check its rights.
        clerk = (
            User.objects.filter(is_active=True, assignments__role=Role.STREET_STAFF, assignments__division=street)
            .order_by("pk")
            .first()
        )
        if clerk is None:
            self.stdout.write("No street staff account for the demo street; run setup_demo first.")
            return
        today = timezone.localdate()
        rng = random.Random(15)
        with change_context(clerk, source="seed"):
            city_division = Division.objects.filter(code=city).first()
            if city_division is not None:
                SocialWage.objects.get_or_create(
                    division=city_division,
                    year=today.year - 1,
                    defaults={"average_wage": Decimal("121380.00"), "catch_up_rate": Decimal("15.00")},
                )
            Budget.objects.get_or_create(
                division=street,
                year=today.year,
                fund=FundKind.COMMUNITY_WORK,
                defaults={"amount": Decimal("2400000.00")},
            )
            bank = Account.objects.create(division=street, name=f"{street.name}办事处基本户", kind=AccountKind.BANK)
            work = Account.objects.create(
                division=street,
                name="社区工作经费专户",
                kind=AccountKind.EARMARK,
                parent=bank,
                fund=FundKind.COMMUNITY_WORK,
            )
            district = Account.objects.create(division=street, name="区财政拨款", kind=AccountKind.SOURCE)
            expenses = [
                Account.objects.create(division=street, name=name, kind=AccountKind.EXPENSE)
                for name in ("社区办公经费", "社区活动经费", "工作者培训")
            ]
            services.allocate(
                acting_user=clerk,
                earmark=work,
                source=district,
                amount="2400000.00",
                description=f"{today.year} 年社区工作经费拨入",
                day=today.replace(month=1, day=1),
            )
            items = AdmittedItem.objects.unscoped("seed").filter(
                department__division=street.parent, status="published", funding_per_community__gt=0
            )
            for item in items:
                services.allocate_item(acting_user=clerk, item=item, street=street, year=today.year, bank=bank)
            communities = list(Division.objects.filter(parent=street).communities().order_by("code"))
            day = today.replace(month=1, day=15)
            count = 0
            while day < today and communities:
                services.disburse(
                    acting_user=clerk,
                    earmark=work,
                    expense=rng.choice(expenses),
                    amount=Decimal(rng.randint(2000, 30000)),
                    description="社区日常工作支出",
                    day=day,
                    community=rng.choice(communities),
                )
                count += 1
                day += timedelta(days=14)
            donations = self.fundraising(clerk, street, bank, communities, today)
        self.stdout.write(
            f"Seeded the ledger of {street.name}: {items.count()} funded items, {count} disbursements, "
            f"{donations} donations, 3 assets, 1 special audit."
        )

    def fundraising(self, clerk, street, bank, communities, today) -> int:
        """A voluntary fundraising project with its donations (FIN-1), three assets and a special audit (FIN-3)."""
        earmark = Account.objects.create(
            division=street, name="慈善募捐专户", kind=AccountKind.EARMARK, parent=bank, fund=FundKind.FUNDRAISING
        )
        project = FundraisingProject.objects.create(
            division=street,
            name="关爱独居老人公益募捐",
            purpose="为辖区独居老人添置紧急呼叫器和助老设施，自愿捐赠，不摊派。",
            target=Decimal("50000.00"),
            starts_on=today - timedelta(days=90),
            earmark=earmark,
        )
        gifts = [
            ("厦门鹭江实业有限公司", "unit", False, "20000.00", 80),
            ("陈美玲", "person", False, "500.00", 60),
            ("林建国", "person", True, "1200.00", 45),
            ("思明区某某商会", "unit", False, "8000.00", 20),
        ]
        for donor, kind, anonymous, amount, days_ago in gifts:
            services.receive_donation(
                acting_user=clerk,
                project=project,
                donor_name=donor,
                donor_kind=kind,
                anonymous=anonymous,
                amount=amount,
                received_on=today - timedelta(days=days_ago),
            )
        community = communities[0] if communities else None
        for name, kind, source, value, days_ago, custodian, linked in (
            (
                "社区党群服务中心用房",
                AssetKind.BUILDING,
                AssetSource.GOVERNMENT,
                "2860000.00",
                2000,
                "街道办事处",
                None,
            ),
            ("适老化健身器材", AssetKind.EQUIPMENT, AssetSource.MIXED, "36500.00", 300, "社区居委会", project),
            ("社区巡逻电动车", AssetKind.VEHICLE, AssetSource.DONATION, "4800.00", 10, "社区网格站", project),
        ):
            Asset.objects.create(
                division=street,
                name=name,
                kind=kind,
                source=source,
                value=Decimal(value),
                acquired_on=today - timedelta(days=days_ago),
                custodian=custodian,
                location=f"{community.name}辖区" if community else "",
                used_in=community if kind != AssetKind.BUILDING else None,
                project=linked,
            )
        audit = Audit.objects.create(
            division=street,
            subject=f"{today.year - 1} 年社区工作经费专项审计",
            fund=FundKind.COMMUNITY_WORK,
            auditor="思明区审计局",
            period_from=today.replace(year=today.year - 1, month=1, day=1),
            period_to=today.replace(year=today.year - 1, month=12, day=31),
            held_on=today - timedelta(days=40),
            summary="经费专款专用总体规范，发现两项问题。",
        )
        AuditFinding.objects.create(
            audit=audit,
            finding="部分社区活动支出凭证不全",
            amount=Decimal("3260.00"),
            measures="补齐凭证，建立活动经费台账",
            responsible="街道财政所",
            deadline=today - timedelta(days=10),
            rectified_on=today - timedelta(days=12),
            rectification_note="已补齐凭证并建立台账",
        )
        AuditFinding.objects.create(
            audit=audit,
            finding="办公经费与活动经费未分账核算",
            measures="按经费类别分设明细科目",
            responsible="街道财政所",
            deadline=today + timedelta(days=30),
        )
        return len(gifts)
