"""Synthetic but realistic people for demos, tests and benchmarks (issue #3): valid ID numbers whose birthplace and
birth date fit, names drawn like real Chinese names. Nothing here is a real person."""

import random
from datetime import date, timedelta

from stdnum.cn import ric

__all__ = ["SyntheticPeople", "id_number_for"]

# Common surnames roughly by frequency (the first ten cover about 40% of the population), heteronyms included.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志强文博子涵梓萱浩然一诺欣怡宇轩思远晓东海燕丹丹"
    "佳怡雨桐俊杰嘉豪婷婷晨曦立新秋菊春梅宏伟红霞玉兰德福永康"
)


def id_number_for(area: str, birth: date, sequence: int) -> str:
    """A valid 18-character ID number: 6-digit area, birth date, 3-digit sequence (odd = male), check digit."""
    body = f"{area}{birth:%Y%m%d}{sequence % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


class SyntheticPeople:
    def __init__(self, seed: int = 2023):
        self.random = random.Random(seed)

    def name(self) -> str:
        given = "".join(self.random.choice(GIVEN) for _ in range(self.random.choice((1, 2, 2))))
        return self.random.choice(SURNAMES) + given

    def birth_date(self, min_age: int = 0, max_age: int = 95, today: date | None = None) -> date:
        today = today or date(2026, 1, 1)
        return today - timedelta(days=self.random.randint(min_age * 365 + 1, max_age * 365))

    def id_number(self, area: str, birth: date, male: bool | None = None) -> str:
        sequence = self.random.randrange(0, 999)
        if male is not None and (sequence % 2 == 1) != male:
            sequence = (sequence + 1) % 1000
        return id_number_for(area, birth, sequence)

    def mobile(self) -> str:
        return self.random.choice(("138", "139", "135", "186", "188", "159", "177", "199")) + (
            f"{self.random.randrange(10**8):08d}"
        )
