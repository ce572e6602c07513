"""The demo's guarantees and investment for the city's first district and street (issues #15, GUAR-1, FIN-4).

`seed_organizations` calls `seed_guarantees` in its first run: the city's and the district's guidance committees
with their members, a year of joint meetings and what they decided (some carried out, some under way, one overdue),
the responsibility chain (the district party secretary first responsible, a predecessor's ended term before; the
street's party secretary directly responsible), and for every community of the street its stationed units with
their co-building activities, its social organisations and fourteen months of contributions through every channel.
Deterministic (a fixed seed; dates counted back from today, so that this year's figures are never empty). The names
are synthetic.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q

from shequ.organizations.choices import (
    ContributionChannel,
    ContributionForm,
    FollowUpStatus,
    Responsibility,
    SocialOrganizationKind,
)
from shequ.organizations.models import (
    CoBuildingActivity,
    Contribution,
    GuidanceCommittee,
    GuidanceDecision,
    GuidanceMeeting,
    GuidanceMember,
    ResponsibilityAssignment,
    SocialOrganization,
    StationedUnit,
)
from shequ.regions.choices import DivisionLevel
from shequ.regions.models import Division

__all__ = ["first_street", "seed_guarantees"]

MEMBERS = [  # name, position, unit (the unit's name is prefixed by the city's or the district's)
    ("刘建华", "主任", "人民政府"),
    ("陈雅琴", "副主任", "民政局"),
    ("王磊", "委员", "住房和城乡建设局"),
    ("林志远", "委员", "财政局"),
    ("黄淑贞", "委员", "卫生健康局"),
]
DISTRICT_MEMBERS = [
    ("郑国华", "主任", "人民政府"),
    ("许晓梅", "副主任", "民政局"),
    ("蔡明辉", "委员", "城市管理局"),
    ("吴丽娟", "委员", "教育局"),
]
MEETINGS = [  # months back, title, decisions: (text, responsible, deadline in days, follow-up)
    (
        11,
        "年度城乡社区建设联席会议",
        [
            ("制定社区工作事项准入清单并向社会公布", "民政局", 60, FollowUpStatus.DONE),
            ("推进老旧小区改造与社区用房配套同步实施", "住房和城乡建设局", 240, FollowUpStatus.DONE),
        ],
    ),
    (
        7,
        "社区减负专题会议",
        [
            ("清理规范社区挂牌和证明事项", "民政局", 45, FollowUpStatus.DONE),
            ("建立部门进社区事项审核备案制度", "人民政府办公室", 90, FollowUpStatus.IN_PROGRESS),
        ],
    ),
    (
        3,
        "多渠道投入推进会",
        [
            ("引导驻区单位和社会资本参与社区共建，建立投入台账", "民政局", 30, FollowUpStatus.PENDING),
            ("落实社区服务设施水电气费用按居民生活类价格执行", "发展和改革局", 120, FollowUpStatus.IN_PROGRESS),
        ],
    ),
]
UNITS = [  # name, resources shared, contributions; {city} {district} {street} {community} filled in
    ("{district}第{n}实验小学", "操场和图书室（周末开放）", "暑期托管、家庭教育讲座"),
    ("{city}第一医院{community}服务站", "健康小屋", "义诊、慢病随访"),
    ("{street}派出所", "警务室会议室", "反诈宣传、夜间巡逻"),
    ("中国建设银行{city}{street}支行", "多功能厅", "金融知识讲座、适老化服务"),
]
ACTIVITIES = {  # by the unit's place in UNITS: (title, contribution)
    0: [("暑期托管班", "提供教室和志愿教师"), ("亲子运动会", "提供操场和器材")],
    1: [("社区义诊", "免费体检 120 人次"), ("家庭医生进楼栋", "上门随访 60 户")],
    2: [("反诈宣传进社区", "宣讲 3 场，发放资料 800 份"), ("平安巡逻", "夜间巡逻每周两次")],
    3: [("老年人防诈骗讲座", "讲座 2 场"), ("适老化金融服务日", "上门办理业务 40 人次")],
}
ORGANISATIONS = [  # name, kind
    ("{community}志愿服务协会", SocialOrganizationKind.SERVICE),
    ("{community}邻里互助会", SocialOrganizationKind.MUTUAL_AID),
    ("{community}老年人协会", SocialOrganizationKind.PUBLIC_INTEREST),
]
CAPITAL = [  # contributor, form, description, low, high (yuan)
    ("{city}鸿福物业服务有限公司", ContributionForm.FUNDS, "资助社区长者食堂运营", 20000, 60000),
    ("{street}惠民超市", ContributionForm.GOODS, "捐赠困难家庭节日慰问品", 3000, 9000),
    ("{city}安居装饰工程有限公司", ContributionForm.PAID_SERVICE, "以成本价承接楼道适老化改造", 15000, 45000),
    ("{city}青禾社会工作服务中心", ContributionForm.PAID_SERVICE, "承接社区儿童之家项目（政府购买服务）", 30000, 80000),
]
INDIVIDUALS = [  # contributor, form, description, low, high
    ("陈美华", ContributionForm.VOLUNTEER_LABOUR, "每周义务理发（按市场价折算）", 800, 2400),
    ("黄建平", ContributionForm.FUNDS, "乡贤捐资修缮社区文化活动室", 5000, 20000),
    ("林秀英", ContributionForm.FREE_SERVICE, "退休医生义务健康咨询（按诊疗费折算）", 1500, 4000),
]


def first_street(city: Division) -> Division | None:
    """The demo street: the first street of the city's first district (as `setup_demo` places its accounts)."""
    divisions = Division.objects.unscoped("seeding")
    district = divisions.filter(parent=city, level=DivisionLevel.DISTRICT).order_by("code").first()
    below = (district or city).prefix
    return divisions.filter(level=DivisionLevel.STREET, code__startswith=below).order_by("code").first()


def _short(name: str) -> str:
    return name.removesuffix("居民委员会").removesuffix("居委会")


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randrange(low * 100, high * 100, 5000)) / 100  # whole fifty yuan


def seed_guarantees(city: Division, today: date, seed: int = 15) -> dict[str, int]:
    """Seed the guidance, the responsibility chain and the investment of the demo street; return what was made."""
    rng = random.Random(seed)
    street = first_street(city)
    if street is None:
        return {}
    district = street.parent if street.parent and street.parent.level == DivisionLevel.DISTRICT else None
    made = {"meetings": 0, "decisions": 0, "assignments": 0, "units": 0, "organisations": 0, "contributions": 0}
    city_short = city.name.removesuffix("市")

    # The guidance committees (GUAR-1): the city's and the district's, each with its members and meetings.
    committees = [(city, MEMBERS, MEETINGS)]
    if district is not None:
        committees.append((district, DISTRICT_MEMBERS, MEETINGS[1:]))
    for division, members, meetings in committees:
        committee, _created = GuidanceCommittee.objects.get_or_create(
            division=division,
            name=f"{division.name}城乡社区建设指导委员会",
            defaults={"office": f"{division.name}民政局"},
        )
        for name, position, unit in members:
            GuidanceMember.objects.get_or_create(
                committee=committee, name=name, defaults={"position": position, "unit": f"{division.name}{unit}"}
            )
        attendees = ",".join(f"{name}（{division.name}{unit}）" for name, _position, unit in members)
        for months_back, title, decisions in meetings:
            held_on = today - timedelta(days=30 * months_back + rng.randint(0, 9))
            meeting = GuidanceMeeting.objects.create(
                committee=committee,
                held_on=held_on,
                title=title,
                place=f"{division.name}民政局三楼会议室",
                attendees=attendees,
                minutes=f"会议听取了{division.name}社区建设工作情况汇报，研究部署下一阶段重点任务。",
            )
            made["meetings"] += 1
            for text, responsible, days, follow_up in decisions:
                deadline = held_on + timedelta(days=days)
                done_on = min(deadline - timedelta(days=rng.randint(0, 10)), today) if follow_up == "done" else None
                decision = GuidanceDecision(
                    meeting=meeting,
                    text=text,
                    responsible=f"{division.name}{responsible}",
                    deadline=deadline,
                    follow_up=follow_up,
                    done_on=done_on,
                    follow_up_note="已按期完成并报送书面材料。" if done_on else "",
                )
                decision.full_clean()
                decision.save()
                made["decisions"] += 1

    # The responsibility chain (GUAR-1): a predecessor's ended term, the district's current first responsible and
    # the street's directly responsible.
    chain = []
    if district is not None:
        chain += [
            (district, Responsibility.FIRST, "张明", f"{district.name}委书记", date(today.year - 5, 9, 1),
             date(today.year - 2, 12, 31)),
            (district, Responsibility.FIRST, "李强", f"{district.name}委书记", date(today.year - 1, 1, 6), None),
        ]  # fmt: skip
    chain.append((street, Responsibility.DIRECT, "赵丽", f"{street.name}党工委书记", date(today.year - 3, 3, 1), None))
    for division, responsibility, name, position, since, until in chain:
        exists = ResponsibilityAssignment.objects.unscoped("seeding").filter(
            division=division, responsibility=responsibility
        )
        if exists.filter(Q(since=since) | Q(until__isnull=True)).exists():
            continue
        assignment = ResponsibilityAssignment(
            division=division, responsibility=responsibility, person_name=name, position=position, since=since,
            until=until,
        )  # fmt: skip
        assignment.full_clean()
        assignment.save()
        made["assignments"] += 1

    # Stationed units, their activities, social organisations and the contributions (ORG-5, ORG-6, FIN-4).
    communities = Division.objects.unscoped("seeding").filter(parent=street).communities().order_by("code")
    names = {"city": city_short, "district": district.name if district else city.name, "street": street.name}
    for number, community in enumerate(communities, start=1):
        short = _short(community.name)
        fill = {**names, "community": short, "n": "一二三四五六七八九十"[(number - 1) % 10]}
        units = []
        for index in rng.sample(range(len(UNITS)), 2):
            name, shared, gives = UNITS[index]
            unit, _created = StationedUnit.objects.get_or_create(
                community=community,
                name=name.format(**fill),
                defaults={"resources_shared": shared, "contributions": gives},
            )
            made["units"] += 1
            activities = []
            for offset, (title, what) in enumerate(ACTIVITIES[index]):
                held_on = today - timedelta(days=60 + 150 * offset + rng.randint(0, 40))
                activities.append(
                    CoBuildingActivity.objects.get_or_create(
                        unit=unit, held_on=held_on, title=title, defaults={"contribution": what}
                    )[0]
                )
            units.append((unit, activities))
        organisations = []
        for name, kind in ORGANISATIONS[: 2 + number % 2]:
            organisation, _created = SocialOrganization.objects.get_or_create(
                community=community,
                name=name.format(**fill),
                defaults={"kind": kind, "venue_support": True, "funds_support": Decimal(rng.choice((0, 2000, 5000)))},
            )
            organisations.append(organisation)
            made["organisations"] += 1
        contributions = []
        for unit, activities in units:
            for activity in activities:
                contributions.append(
                    Contribution(
                        channel=ContributionChannel.STATIONED_UNIT, contributor=unit.name, unit=unit,
                        activity=activity, form=rng.choice((ContributionForm.FREE_SERVICE, ContributionForm.VENUE)),
                        description=activity.contribution, value=_money(rng, 1500, 12000),
                        contributed_on=activity.held_on,
                    )
                )  # fmt: skip
        for organisation in organisations:
            for months_back in (1, 5, 10):
                contributions.append(
                    Contribution(
                        channel=ContributionChannel.SOCIAL_ORGANIZATION, contributor=organisation.name,
                        social_organization=organisation, form=ContributionForm.VOLUNTEER_LABOUR,
                        description="组织志愿者开展助老、环境整治服务（按每小时 30 元折算）",
                        value=Decimal(30 * rng.randint(40, 200)),
                        contributed_on=today - timedelta(days=30 * months_back),
                    )
                )  # fmt: skip
        for contributor, form, description, low, high in rng.sample(CAPITAL, 3):
            contributions.append(
                Contribution(
                    channel=ContributionChannel.SOCIAL_CAPITAL, contributor=contributor.format(**fill), form=form,
                    description=description, value=_money(rng, low, high),
                    contributed_on=today - timedelta(days=rng.randint(5, 420)),
                )
            )  # fmt: skip
        for contributor, form, description, low, high in INDIVIDUALS:
            contributions.append(
                Contribution(
                    channel=ContributionChannel.INDIVIDUAL, contributor=contributor, form=form,
                    description=description, value=_money(rng, low, high),
                    contributed_on=today - timedelta(days=rng.randint(5, 420)),
                )
            )  # fmt: skip
        for record in contributions:
            record.community = community
            record.in_street_ledger = rng.random() < 0.8
            record.full_clean()
            record.save()
        made["contributions"] += len(contributions)
    return made
