"""Shared helpers of the account tests (issue #12)."""

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

NEW_PASSWORD = "plum blossom river 2026"
OLD_PASSWORD = "correct horse battery"  # core.testing.fixtures.make_user


def too_short_message() -> str:
    """Django's own message for a password under 12 characters, in the active language."""
    try:
        MinimumLengthValidator(12).validate("short")
    except ValidationError as error:
        return error.messages[0]
    raise AssertionError("the validator accepted a short password")


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def code_for(device: TOTPDevice, drift: int = 0) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return str(value).zfill(device.digits)


def mark_verified(client, device: TOTPDevice) -> None:
    """What `django_otp.login` stores in the session after a correct code."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
