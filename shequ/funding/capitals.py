"""An amount of yuan in Chinese capital numerals (人民币大写), as receipts write it (FIN-1): 12345.67 →
壹万贰仟叁佰肆拾伍元陆角柒分. The rules of the 支付结算办法: groups of four digits (万, 亿); zeros inside the integer
part written once as 零; 元 followed by 整 when there are no 角 or 分; 零 before 分 when 角 is zero."""

from decimal import Decimal

__all__ = ["capitals"]

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ("", "拾", "佰", "仟")
GROUPS = ("", "万", "亿", "万亿")


def _group(number: int) -> str:
    """One group of up to four digits (1–9999), without leading zeros, inner zeros as one 零."""
    text, zero, started = "", False, False
    for place in (3, 2, 1, 0):
        digit = number // 10**place % 10
        if digit == 0:
            zero = zero or started
            continue
        if zero:
            text += "零"
            zero = False
        text += DIGITS[digit] + PLACES[place]
        started = True
    return text


def capitals(amount: Decimal) -> str:
    """`amount` (a Decimal of yuan, at least zero, at most two decimals) in capital numerals."""
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount < 0:
        raise ValueError("A non-negative Decimal amount is required.")
    scaled = amount * 100
    if scaled != scaled.to_integral_value():
        raise ValueError("At most two decimals (fen).")
    fen_total = int(scaled)
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    groups = []
    rest = yuan
    while rest:
        groups.append(rest % 10000)
        rest //= 10000
    if len(groups) > len(GROUPS):
        raise ValueError("Too large an amount.")
    text, zero = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero = zero or bool(text)
            continue
        if text and (zero or group < 1000):
            text += "零"
        text += _group(group) + GROUPS[index]
        zero = False
    if yuan:
        text += "元"
    if jiao == 0 and fen == 0:
        return (text or "零元") + "整"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif yuan:
        text += "零"
    if fen:
        text += DIGITS[fen] + "分"
    return text
