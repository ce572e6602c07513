"""Personal data: validation of ID and phone numbers, masking, and the protected-value triple (DESIGN.md §5).

A protected value is stored as three columns: ciphertext (SM4-GCM), blind index (HMAC-SM3) and the masked form
shown everywhere by default. Plaintext exists only in memory, and only when a permitted user unmasks one record
with a reason (which writes an access-log row) or an importer reads a file.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import ric

from shequ.core.crypto import blind_index, encrypt

__all__ = [
    "MOBILE",
    "IdNumberInfo",
    "Protected",
    "age_by_year",
    "id_number_mangled_message",
    "mask_address",
    "mask_birth_date",
    "mask_id_number",
    "mask_phone",
    "normalise_id_number",
    "normalise_phone",
    "protect",
    "split_phones",
    "store_protected",
    "validate_id_number",
    "validate_phone",
]

_ID_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
MOBILE = _MOBILE  # a stored phone that can take a text message
_LANDLINE = re.compile(r"^0[1-9][0-9]{1,2}-?[2-9][0-9]{6,7}$")
OLDEST_BIRTH_YEAR = 1890


@dataclass(frozen=True)
class IdNumberInfo:
    number: str
    birth_date: date
    sex: str  # "male" / "female", from the 17th digit (odd = male)
    birthplace_known: bool  # False: python-stdnum has no such county (a warning, not an error)


def id_number_mangled_message() -> str:
    """An ID number Excel kept as a number (15 significant digits): not a typo, so not "check digit wrong"."""
    return _(
        "Excel stored the ID number as a number and kept only 15 significant digits: format the column as text and "
        "type the ID numbers again from the household register."
    )


def normalise_id_number(value: str) -> str:
    """Half-width (a full-width ID number is the same number), no spaces, upper-case X."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value or "")).upper()


def validate_id_number(value: str) -> IdNumberInfo:
    """Check a GB 11643 resident ID number: shape, check digit, a real birth date that is not in the future.

    An unknown birthplace code is not an error (counties are created and abolished; late registrations exist):
    `birthplace_known` is False and the caller shows a warning. python-stdnum raises a bare KeyError for some
    counties; it is caught here.
    """
    number = normalise_id_number(value)
    if not _ID_SHAPE.match(number):
        raise ValidationError(_("The ID number must be 17 digits followed by a digit or X."), code="format")
    if ric.calc_check_digit(number) != number[-1]:
        raise ValidationError(_("The ID number's check digit is wrong."), code="checksum")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(_("The ID number holds an impossible birth date."), code="birth_date")
    if birth > timezone.localdate() or birth.year < OLDEST_BIRTH_YEAR:
        raise ValidationError(_("The ID number's birth date is in the future or implausibly old."), code="birth_date")
    return IdNumberInfo(
        number, birth, "male" if int(number[16]) % 2 else "female", _birthplace_known(number[:6], birth.year)
    )


@lru_cache(maxsize=100_000)
def _birthplace_known(area: str, year: int) -> bool:
    """Whether the county code was in use in the birth year or any year since (cached: the table lookup is slow).

    An ID number carries the code of the county where it was first issued — from 1984 on, so for anyone born
    before then a code created after the birth (思明区, 350203, dates from 1983) is no sign of a mistake (issue #19).
    Only a code abolished before the birth, or never in python-stdnum's list, is unknown.
    """
    from stdnum import numdb

    try:
        counties = [
            value
            for _part, properties in numdb.get("cn/loc").info(area)
            for key, value in properties.items()
            if key == "county"
        ]
    except Exception:  # noqa: BLE001 (python-stdnum raises bare errors for some codes)
        return False
    for county in ",".join(counties).split(","):
        if not county:
            continue
        if not county.startswith("["):
            return True
        end = county[1:].split("]")[0].split("-")[1]
        if not end or int(end) >= year:
            return True
    return False


# Between the numbers of a cell that holds several: "158…/0592-…", "158…、139…", "158…；139…".
_PHONE_SEPARATORS = re.compile(r"[/\\、,;|]|或")
_PHONE_NOISE = re.compile(r"[\s()\-.·—–_]")


def split_phones(value: str) -> list[str]:
    """The numbers a cell holds, as written (half-width): one, or several separated by / 、 , ; or 或."""
    text = unicodedata.normalize("NFKC", value or "")
    return [part.strip() for part in _PHONE_SEPARATORS.split(text) if part.strip()]


def normalise_phone(value: str, area_code: str | None = None) -> str:
    """A phone number as stored (issue #19): half-width digits, no spaces, dashes, dots or brackets, no +86 / 0086;
    a mobile as its 11 digits, a landline as area code, dash, number ("0592-2345678"). A local number of 7–8 digits
    gets `area_code` (default: the setting SHEQU_PHONE_AREA_CODE, the city's), when there is one."""
    text = _PHONE_NOISE.sub("", unicodedata.normalize("NFKC", value or ""))
    text = text.removeprefix("+86").removeprefix("0086")
    if len(text) == 13 and text.startswith("861"):
        text = text[2:]
    if area_code is None:
        from django.conf import settings

        area_code = getattr(settings, "SHEQU_PHONE_AREA_CODE", "")
    if area_code and re.fullmatch(r"[2-9][0-9]{6,7}", text):
        text = area_code + text
    if re.fullmatch(r"0[1-9][0-9]{8,10}", text):  # a landline: 010 and 02x have 3-digit area codes, the rest 4
        cut = 3 if text[1] in "12" else 4
        text = f"{text[:cut]}-{text[cut:]}"
    return text


def validate_phone(value: str) -> str:
    phone = normalise_phone(value)
    if not (_MOBILE.match(phone) or _LANDLINE.match(phone)):
        raise ValidationError(
            _("The phone number is neither a mainland mobile number nor a landline with area code."), code="phone"
        )
    return phone


def mask_id_number(number: str) -> str:
    return f"{number[:3]}{'*' * 11}{number[-4:]}" if len(number) == 18 else "*" * len(number)


def mask_birth_date(value: date | None) -> str:
    """The birth date shown beside a masked ID number: its year only, `1949-**-**` (issue #12, leak 5).

    The masked ID number (`110***********002X`) hides the county digits 4-6 and the birth date; with the full birth
    date beside it, the check digit leaves one or two candidates. With the year only, a few hundred remain for a
    resident born in the city. Sex needs no masking: it is the parity of the 17th character, which the masked number
    already shows.
    """
    return f"{value.year}-**-**" if value else ""


def age_by_year(value: date | None, today: date | None = None) -> int | None:
    """The age a person born on `value` reaches this year: shown beside a masked ID number instead of the exact
    age, which would reveal the birthday to anyone who watches it change (issue #12, leak 5)."""
    if value is None:
        return None
    return (today or timezone.localdate()).year - value.year


def mask_phone(phone: str) -> str:
    if _MOBILE.match(phone):
        return f"{phone[:3]}****{phone[-4:]}"
    return f"{phone[:-4]}****" if len(phone) > 4 else "****"


def mask_address(address: str) -> str:
    """Keep the first third (district, street, compound), hide the rest (building, unit, room)."""
    keep = max(len(address) // 3, 1) if address else 0
    return address[:keep] + "*" * min(len(address) - keep, 8)


@dataclass(frozen=True)
class Protected:
    encrypted: str
    digest: str
    masked: str


def protect(value: str, *, kind: str, field: str, masker) -> Protected:
    """Encrypt, index and mask one plaintext value; empty stays empty."""
    if not value:
        return Protected("", "", "")
    return Protected(encrypt(value, field=field), blind_index(value, kind=kind), masker(value))


def store_protected(obj, name: str, value: str, *, kind: str, masker, indexed: bool = True) -> None:
    """Set `<name>_encrypted`, `_masked` and (if indexed) `_digest` of a model instance from one plaintext; the
    field path binds the ciphertext to this model and field (DESIGN.md §5)."""
    meta = obj._meta
    protected = protect(value, kind=kind, field=f"{meta.app_label}.{meta.model_name}.{name}", masker=masker)
    setattr(obj, f"{name}_encrypted", protected.encrypted)
    setattr(obj, f"{name}_masked", protected.masked)
    if indexed:
        setattr(obj, f"{name}_digest", protected.digest)
