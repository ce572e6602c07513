"""What of a resident's request may be public, and in what form (issue #12 leak 4; SVC-5; DESIGN.md §5, §11).

Publication is a decision: an order is published (Open311's `requests`) only when

- it came in through a public channel (the portal or Open311), not by telephone or from a grid worker;
- its request type is one of `choices.PUBLIC_REQUEST_TYPES` and its category is marked `public`;
- the resident did not opt out on the portal;
- staff approved it in the publication review queue (`workorders:publication`).

What is published is cut down further: the address to the street or residential area (no house, building, unit
or room number), and every ID-number or phone-number pattern in the description and the reply masked.
"""

import re

from shequ.workorders.choices import PUBLIC_REQUEST_TYPES, Publication, Source

__all__ = [
    "PUBLIC_SOURCES",
    "initial_state",
    "mask_personal_numbers",
    "public_address",
]

PUBLIC_SOURCES = (Source.API, Source.PORTAL)

# Full-width digits and letters are matched as their ASCII forms (the same length: positions do not move).
_FULL_WIDTH = {0xFF10 + i: ord("0") + i for i in range(10)} | {0xFF38: ord("X"), 0xFF58: ord("x")}
_SEP = r"[ \-]?"
PERSONAL_NUMBERS = re.compile(
    "|".join(
        (
            # Resident ID: 6 area digits, 8 birth-date digits, 3 sequence digits and a check digit or X (also with
            # spaces or hyphens between the groups), and the old 15-digit form.
            rf"(?<![0-9A-Za-z])[0-9]{{6}}{_SEP}[0-9]{{8}}{_SEP}[0-9]{{3}}[0-9Xx](?![0-9A-Za-z])",
            r"(?<![0-9A-Za-z])[0-9]{15}(?![0-9A-Za-z])",
            # Mobile: 11 digits from 13… to 19…, optionally +86, grouped 3-4-4 or not.
            rf"(?<![0-9])(?:\+?86{_SEP})?1[3-9][0-9]{_SEP}[0-9]{{4}}{_SEP}[0-9]{{4}}(?![0-9])",
            # Landline: an optional area code 0xx / 0xxx (perhaps in brackets) and a 7- or 8-digit local number.
            rf"(?<![0-9])(?:[(（]?0[1-9][0-9]{{1,2}}[)）]?{_SEP})?[2-9][0-9]{{2,3}}{_SEP}[0-9]{{4}}(?![0-9])",
        )
    )
)


def mask_personal_numbers(text: str) -> str:
    """Every ID-number and phone-number pattern in a free text with its digits (and X) replaced by `*`."""
    if not text:
        return text or ""
    probe = text.translate(_FULL_WIDTH)
    pieces, last = [], 0
    for match in PERSONAL_NUMBERS.finditer(probe):
        start, end = match.span()
        pieces.append(text[last:start])
        pieces.append(re.sub(r"[0-9Xx]", "*", probe[start:end]))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


# Where a house number begins: a digit, or a Chinese numeral followed by what numbers (号, 栋, 单元, 室 …).
_NUMERAL = "一二三四五六七八九十百千零〇两"
_HOUSE = re.compile(
    rf"[0-9０-９#＃]|[{_NUMERAL}]+\s*(?:号|號|栋|棟|幢|座|单元|單元|室|楼|樓|层|層|户|戶|弄|巷|排|门|門|期|区|區)"
)
_TRAILING = " ,，、.。;；:：-—_/（("


def public_address(address: str) -> str:
    """The street or residential area of an address: everything from the first house, building, unit or room
    number on is cut ("鸿山路12号3单元501室" → "鸿山路")."""
    found = _HOUSE.search(address or "")
    cut = (address or "")[: found.start()] if found else (address or "")
    return mask_personal_numbers(cut.rstrip(_TRAILING).strip())


def initial_state(*, source: str, request_type: str, publish: bool) -> str:
    """The publication state of a new order: pending review when it may become public, else never public. (The
    category's `public` mark is read when publishing and at every read of the feed, so unmarking hides at once.)"""
    if source not in PUBLIC_SOURCES or request_type not in PUBLIC_REQUEST_TYPES:
        return Publication.NOT_PUBLIC
    return Publication.PENDING if publish else Publication.OPTED_OUT
