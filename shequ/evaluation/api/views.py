"""The evaluation API: each register's serializer and filters come from its declaration (registers.py); beyond them
a scheme's steps (in force, new version) and an evaluation's (review, approve, publish)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from shequ.core.api.viewsets import BaseViewSet, ReadOnlyViewSet
from shequ.core.rights import user_may
from shequ.evaluation import models, services
from shequ.evaluation.registers import RunRegister, SchemeRegister

SCHEME = SchemeRegister.serializer_class()
RUN = RunRegister.serializer_class()

__all__ = [
    "AwardViewSet",
    "DeductionViewSet",
    "IndicatorViewSet",
    "InspectionViewSet",
    "RecheckDrawViewSet",
    "RecheckViewSet",
    "RectificationViewSet",
    "RunViewSet",
    "SchemeViewSet",
    "ScoreViewSet",
    "TitleViewSet",
]


def _refused(error: DjangoValidationError):
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"detail": error.messages})


class SchemeViewSet(BaseViewSet):
    queryset = models.Scheme.objects.select_related("division")
    # Who may take a step is checked per step: putting in force changes the scheme, a new version adds one.
    action_permissions = {"step": "view"}

    @extend_schema(
        operation_id="evaluation_schemes_step",
        summary="Put a draft scheme in force, or make a new version of it",
        description="in-force: its weights must sum to 100; the version in force before it is superseded. "
        "new-version: a draft copy with its indicators, the next version (201); the scheme stays as it is.",
        parameters=[OpenApiParameter("step", str, OpenApiParameter.PATH, enum=["in-force", "new-version"])],
        request=None,
        responses={200: SCHEME, 201: SCHEME},
    )
    @action(detail=True, methods=["post"], url_path=r"(?P<step>in-force|new-version)")
    def step(self, request, pk=None, step=None):
        scheme = self.get_object()
        permission = "evaluation.change_scheme" if step == "in-force" else "evaluation.add_scheme"
        if not user_may(request.user, permission, scheme.division_code):
            raise PermissionDenied
        try:
            if step == "in-force":
                made, code = services.put_in_force(acting_user=request.user, scheme=scheme), status.HTTP_200_OK
            else:
                made, code = services.new_version(acting_user=request.user, scheme=scheme), status.HTTP_201_CREATED
        except DjangoValidationError as error:
            raise _refused(error) from None
        return Response(SCHEME(made, context=self.get_serializer_context()).data, status=code)


class IndicatorViewSet(BaseViewSet):
    queryset = models.Indicator.objects.select_related("scheme")


class InspectionViewSet(BaseViewSet):
    queryset = models.Inspection.objects.select_related("community", "indicator")


class RunViewSet(ReadOnlyViewSet):
    queryset = models.Run.objects.select_related("division")
    action_permissions = {"step": "view"}

    @extend_schema(
        operation_id="evaluation_runs_step",
        summary="Take an evaluation's next step",
        description="review (the district), approve (the city), publish; a step out of order is refused with the "
        "reason.",
        parameters=[OpenApiParameter("step", str, OpenApiParameter.PATH, enum=["review", "approve", "publish"])],
        request=None,
        responses={200: RUN},
    )
    @action(detail=True, methods=["post"], url_path=r"(?P<step>review|approve|publish)")
    def step(self, request, pk=None, step=None):
        run = self.get_object()
        try:
            run = services.step(acting_user=request.user, run=run, action=step)
        except DjangoValidationError as error:
            raise _refused(error) from None
        return Response(RUN(run, context=self.get_serializer_context()).data)


class ScoreViewSet(ReadOnlyViewSet):
    queryset = models.Score.objects.select_related("community", "run", "scheme")


class RectificationViewSet(BaseViewSet):
    queryset = models.Rectification.objects.select_related("community")


class TitleViewSet(ReadOnlyViewSet):
    queryset = models.Title.objects.select_related("community")


class AwardViewSet(BaseViewSet):
    queryset = models.Award.objects.select_related("title", "budget")


class RecheckDrawViewSet(ReadOnlyViewSet):
    queryset = models.RecheckDraw.objects.select_related("division")


class RecheckViewSet(ReadOnlyViewSet):
    queryset = models.Recheck.objects.select_related("community", "draw", "title")


class DeductionViewSet(ReadOnlyViewSet):
    queryset = models.Deduction.objects.select_related("community", "title")
