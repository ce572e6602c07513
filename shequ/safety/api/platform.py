"""The video platform's status reports (GOV-2), authenticated per client as Open311 is: each platform holds its own
key (`manage.py video_platform_key`, stored as a digest), sent in the `X-Api-Key` header, and may report only for the
devices of its division. No session, no cookie, no user: the key is the client. Idempotent: the same device, moment
and status again answers 200 with the stored report."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from shequ.safety import services
from shequ.safety.api.views import StatusReportSerializer

__all__ = ["KEY_HEADER", "PlatformKey", "PlatformStatusView"]

KEY_HEADER = "X-Api-Key"
MAX_KEY = 200  # a longer header is no key of ours

STORED = inline_serializer(
    "PlatformStatusReport",
    {
        "id": serializers.IntegerField(),
        "device": serializers.CharField(),
        "status": serializers.CharField(),
        "reported_at": serializers.DateTimeField(),
        "note": serializers.CharField(),
    },
)


class PlatformKey(BasePermission):
    """The request carries the key of an active video platform: `request.platform` is that client. Refused with
    403 and a Chinese message otherwise (no user authentication runs here, so never 401)."""

    def has_permission(self, request, view) -> bool:
        key = request.headers.get(KEY_HEADER, "").strip()
        if not key:
            raise PermissionDenied(_("The video platform's key is missing."))
        client = services.platform_client(key) if len(key) <= MAX_KEY else None
        if client is None:
            raise PermissionDenied(_("The video platform's key is not valid."))
        request.platform = client
        return True


class PlatformStatusView(APIView):
    authentication_classes: list = []
    permission_classes = [PlatformKey]

    @extend_schema(
        summary="A video platform reports a device's status",
        description="Authenticated by the platform's own key in the X-Api-Key header (not a user's token); only for "
        "a device within the division the key was issued for. A repeat of a stored report answers 200, a new one "
        "201; a missing or unknown key 403, a device unknown to the platform 400 naming the field.",
        parameters=[
            OpenApiParameter("code", str, OpenApiParameter.PATH, description="The device's code."),
            OpenApiParameter(KEY_HEADER, str, OpenApiParameter.HEADER, required=True, description="The key."),
        ],
        request=inline_serializer(
            "PlatformStatus",
            {
                "status": serializers.CharField(help_text="online, offline, fault or removed."),
                "reported_at": serializers.DateTimeField(),
                "note": serializers.CharField(required=False),
            },
        ),
        responses={200: STORED, 201: STORED},
    )
    def post(self, request, code):
        client = request.platform
        incoming = StatusReportSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            stored, created = services.report_from_platform(
                client=client, code=code, status=data["status"], reported_at=data["reported_at"], note=data["note"]
            )
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from None
        body = {
            "id": stored.pk,
            "device": stored.device.code,
            "status": stored.status,
            "reported_at": serializers.DateTimeField().to_representation(stored.reported_at),
            "note": stored.note,
        }
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
