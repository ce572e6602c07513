"""API errors: DRF's handler, plus database integrity errors as 409 instead of a 500."""

from django.db import IntegrityError
from django.db.models import ProtectedError
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
        return Response({"detail": "该记录仍被其他记录引用，不能删除。"}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, IntegrityError):
        set_rollback()
        return Response({"detail": "与已有记录冲突（唯一性约束）。"}, status=status.HTTP_409_CONFLICT)
    return None
