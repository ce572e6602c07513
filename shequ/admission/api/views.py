"""The admission API (issue #15, ADM-1): the registers, the items' steps and the gate's sending and answering."""

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from shequ.admission import models, services
from shequ.admission.api import serializers
from shequ.admission.choices import ItemStatus, RequestStatus
from shequ.core.api.parsers import BoundedJSONParser
from shequ.core.api.viewsets import BaseViewSet
from shequ.core.audit import log_access
from shequ.core.choices import AccessEvent
from shequ.core.downloads import open_stored
from shequ.core.errors import IllegalTransition
from shequ.core.registers import declaration_of
from shequ.regions.models import Division

__all__ = ["AdmittedItemViewSet", "CommunityRequestViewSet", "DepartmentTargetViewSet", "ServicePointViewSet"]


def _conflict(illegal: IllegalTransition) -> Response:
    return Response({"detail": str(illegal)}, status=status.HTTP_409_CONFLICT)


class AdmittedItemViewSet(BaseViewSet):
    queryset = models.AdmittedItem.objects.all()
    select_related = ("department",)
    # The city's steps need the item in view; who may publish is the service's question (`publish_admitteditem`).
    action_permissions = {"step": "view"}

    def perform_update(self, serializer):
        if serializer.instance.status != ItemStatus.DRAFT:
            raise ValidationError(
                {"non_field_errors": [_("A published item is not edited: draft a new version of it.")]}
            )
        super().perform_update(serializer)

    def perform_destroy(self, instance):
        if instance.status != ItemStatus.DRAFT:
            raise ValidationError({"non_field_errors": [_("A published item is not deleted: the city withdraws it.")]})
        super().perform_destroy(instance)

    @extend_schema(request=None, operation_id="admission_items_step", responses=serializers.AdmittedItemSerializer)
    @action(detail=True, methods=["post"], url_path=r"(?P<step>publish|withdraw|new-version)")
    def step(self, request, pk=None, step=None):
        """publish: the city approves and publishes a draft (superseding the version it replaces); withdraw: the
        city withdraws a published item; new-version: a draft of the next version of a published item."""
        item = self.get_object()
        service = {"publish": services.publish, "withdraw": services.withdraw, "new-version": services.new_version}
        try:
            result = service[step](acting_user=request.user, item=item)
        except IllegalTransition as illegal:
            return _conflict(illegal)
        created = status.HTTP_201_CREATED if step == "new-version" else status.HTTP_200_OK
        return Response(self.get_serializer(result).data, status=created)


class CommunityRequestViewSet(BaseViewSet):
    queryset = models.CommunityRequest.objects.all()
    select_related = ("community", "department", "item")
    action_permissions = {"send": "add", "answer": "view", "files": "view"}
    FILE_PARSERS = [BoundedJSONParser, MultiPartParser, FormParser]  # JSON bounded as everywhere (issue #12)

    def perform_destroy(self, instance):
        if instance.status != RequestStatus.SENT:
            raise ValidationError(
                {
                    "non_field_errors": [
                        _("A request the community has answered is not deleted: it counts in its burden.")
                    ]
                }
            )
        super().perform_destroy(instance)

    @extend_schema(
        request=serializers.AnswerSerializer,
        responses=serializers.CommunityRequestSerializer,
        operation_id="admission_requests_answer",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"(?P<answer>reply|decline)",
        parser_classes=FILE_PARSERS,
    )
    def answer(self, request, pk=None, answer=None):
        """The community's answer: reply (`reply`, `hours`, and as multipart/form-data the `reply_file`) or decline
        a request outside its admitted scope (`reason`)."""
        record = self.get_object()
        body = serializers.AnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            if answer == "reply":
                record = services.reply(
                    acting_user=request.user,
                    request=record,
                    text=data["reply"],
                    hours=data["hours"],
                    file=data["reply_file"],
                )
            else:
                record = services.decline(acting_user=request.user, request=record, reason=data["reason"])
        except IllegalTransition as illegal:
            return _conflict(illegal)
        return Response(declaration_of(models.CommunityRequest).serializer_class()(record).data)

    @extend_schema(
        request=serializers.SendSerializer,
        responses={201: serializers.CommunityRequestSerializer(many=True)},
        operation_id="admission_requests_send",
    )
    @action(detail=False, methods=["post"], url_path=r"send/(?P<division>[0-9]{12})", parser_classes=FILE_PARSERS)
    def send(self, request, division=None):
        """One request to every community of the division (a community, a street's, a district's) in the sender's
        jurisdiction, citing a published admitted item of the sender's department."""
        body = serializers.SendSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        target = get_object_or_404(Division.objects.restrict(request.user, "view"), code=division)
        item = models.AdmittedItem.objects.restrict(request.user, "view").filter(pk=data["item"]).first()
        if item is None:
            raise ValidationError(
                {"item": [_("Refused: a request to a community must cite a published item of the admission list.")]}
            )
        sent = services.send(
            acting_user=request.user,
            item=item,
            division=target,
            title=data["title"],
            content=data["content"],
            deadline=data["deadline"],
            attachment=data["attachment"],
        )
        return Response(serializers.CommunityRequestSerializer(sent, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={(200, "application/octet-stream"): bytes},
        operation_id="admission_requests_file",
    )
    @action(detail=True, methods=["get"], url_path=r"files/(?P<which>attachment|reply_file)")
    def files(self, request, pk=None, which=None):
        """The request's attachment or the community's reply file, for whoever may see the request; logged."""
        record = self.get_object()
        file = getattr(record, which)
        opened = open_stored(file)  # none, or gone from the storage: 404, and no access logged
        log_access(AccessEvent.EXPORT, user=request.user, obj=record, division_code=record.division_code, file=which)
        return FileResponse(opened, as_attachment=True, filename=file.name.rsplit("/", 1)[-1])


class DepartmentTargetViewSet(BaseViewSet):
    """Departments' targets toward communities (GUAR-2)."""

    queryset = models.DepartmentTarget.objects.all()
    select_related = ("department", "division")


class ServicePointViewSet(BaseViewSet):
    """Utilities' service points in communities (GUAR-2)."""

    queryset = models.ServicePoint.objects.select_related("community")
