"""The monthly disclosure API (INFO-1): read, the draft's text written (PATCH), and the steps — compile again,
review, send back, publish, correct. A disclosure is made by compiling, never by POST; a published one is never
changed (a correction is a new version)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, ValidationError
from rest_framework.response import Response

from shequ.core.api.viewsets import BaseViewSet
from shequ.disclosure import models, services
from shequ.disclosure.registers import DisclosureRegister

DISCLOSURE = DisclosureRegister.serializer_class()
STEPS = {
    "recompile": services.recompile,
    "review": services.review,
    "send-back": services.send_back,
    "publish": services.publish,
}

__all__ = ["DisclosureViewSet"]


def _refused(error: DjangoValidationError):
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"detail": error.messages})


class DisclosureViewSet(BaseViewSet):
    queryset = models.Disclosure.objects.select_related("community")
    http_method_names = ["get", "patch", "post", "head", "options"]
    action_permissions = {"step": "view"}

    def create(self, request, *args, **kwargs):
        raise MethodNotAllowed(request.method, detail=_not_created())

    @extend_schema(
        operation_id="disclosure_disclosures_step",
        summary="Take a step of a disclosure",
        description="recompile (a draft's figures), review and send-back (the street), publish (a reviewed one: its "
        "content hash stored, the PDF rendered in the background), correct (a published one, with a `reason`: a new "
        "draft version, 201; the published version stays in force until the correction is published and is then "
        "marked superseded). A step out of order is refused with the reason.",
        parameters=[OpenApiParameter("step", str, OpenApiParameter.PATH, enum=[*STEPS, "correct"])],
        request=inline_serializer("DisclosureStep", {"reason": serializers.CharField(max_length=300, required=False)}),
        responses={200: DISCLOSURE, 201: DISCLOSURE},
    )
    @action(detail=True, methods=["post"], url_path=r"(?P<step>recompile|review|send-back|publish|correct)")
    def step(self, request, pk=None, step=None):
        disclosure = self.get_object()
        try:
            if step == "correct":
                reason = request.data.get("reason", "") if isinstance(request.data, dict) else ""
                made = services.correct(acting_user=request.user, disclosure=disclosure, reason=str(reason))
                data = DISCLOSURE(made, context=self.get_serializer_context()).data
                return Response(data, status=status.HTTP_201_CREATED)
            disclosure = STEPS[step](acting_user=request.user, disclosure=disclosure)
        except DjangoValidationError as error:
            raise _refused(error) from None
        return Response(DISCLOSURE(disclosure, context=self.get_serializer_context()).data)


def _not_created() -> str:
    from django.utils.translation import gettext as _

    return _("A disclosure is compiled from the platform's data, never created by hand.")
