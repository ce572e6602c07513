"""The dispute parties' protected values (GOV-3, DESIGN.md §5): phone and ID number, validated, then stored only
encrypted, indexed and masked. The form and the serializer both write through `protect_party`."""

from shequ.core.personal import (
    mask_id_number,
    mask_phone,
    normalise_id_number,
    store_protected,
    validate_id_number,
    validate_phone,
)

__all__ = ["clean_id_number", "clean_phone", "protect_party"]


def clean_phone(value: str) -> str:
    """The normalised phone, or "" for none; a ValidationError says why a number is refused."""
    return validate_phone(value) if (value or "").strip() else ""


def clean_id_number(value: str) -> str:
    number = normalise_id_number(value)
    if not number:
        return ""
    validate_id_number(number)  # raises with the reason: shape, check digit, birth date
    return number


def protect_party(party, *, phone: str | None, id_number: str | None) -> None:
    """Set the party's protected columns from plaintext; None keeps the stored value, "" clears it."""
    if phone is not None:
        store_protected(party, "phone", phone, kind="phone", masker=mask_phone)
    if id_number is not None:
        store_protected(party, "id_number", id_number, kind="id_number", masker=mask_id_number)
