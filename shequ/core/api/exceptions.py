"""API errors: DRF's handler, plus database integrity errors as 409 instead of a 500."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

__all__ = ["exception_handler"]


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is not None:
        return response
    if isinstance(exc, ProtectedError):
        set_rollback()
        return Response(
            {"detail": _("The record cannot be deleted while other records refer to it.")},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DjangoValidationError):  # a service's refusal: the same shape as a serializer's
        set_rollback()
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, IntegrityError):
        set_rollback()
        return Response({"detail": _("The record conflicts with an existing one.")}, status=status.HTTP_409_CONFLICT)
    return None
