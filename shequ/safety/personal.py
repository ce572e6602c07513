"""Protected values of the safe-community registers (DESIGN.md §5): the dispute parties' phone and ID number,
validated, then stored only encrypted, indexed and masked (GOV-3; the form and the serializer both write through
`protect_party`); the help-and-education records' kind, notes and visit contents, sealed whole (GOV-4, `seal`)."""

from shequ.core.crypto import blind_index, encrypt
from shequ.core.personal import (
    mask_id_number,
    mask_phone,
    normalise_id_number,
    store_protected,
    validate_id_number,
    validate_phone,
)

__all__ = ["clean_id_number", "clean_phone", "protect_party", "seal"]


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


def seal(record, name: str, value: str, *, indexed: bool = False) -> None:
    """Keep one value of a restricted record only as ciphertext bound to its model and field (GOV-4), with a blind
    index when `indexed` (for uniqueness); "" clears it."""
    field = f"{record._meta.app_label}.{record._meta.model_name}.{name}"
    setattr(record, f"{name}_encrypted", encrypt(value, field=field) if value else "")
    if indexed:
        setattr(record, f"{name}_digest", blind_index(value, kind=field) if value else "")
