"""The evaluation API: each register's serializer and filters come from its declaration (registers.py); beyond them
a scheme's steps (in force, new version) and an evaluation's (review, approve, publish)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from shequ.core.api.viewsets import BaseViewSet, ReadOnlyViewSet
from shequ.core.rights import user_may
from shequ.evaluation import models, services
from shequ.evaluation.choices import Cause
from shequ.evaluation.registers import (
    RecheckDrawRegister,
    RecheckRegister,
    RectificationRegister,
    RunRegister,
    SchemeRegister,
)
from shequ.regions.models import Division

SCHEME = SchemeRegister.serializer_class()
RUN = RunRegister.serializer_class()
CASE = RectificationRegister.serializer_class()
DRAW = RecheckDrawRegister.serializer_class()
RECHECK = RecheckRegister.serializer_class()

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


class ProgressBody(serializers.Serializer):
    day = serializers.DateField()
    text = serializers.CharField(max_length=2000)


class EvidenceBody(serializers.Serializer):
    file = serializers.FileField(max_length=200, help_text="A PDF, JPEG or PNG of at most 10 MB.")


class AccountabilityBody(serializers.Serializer):
    person = serializers.CharField(max_length=50)
    post = serializers.CharField(max_length=100)
    cause = serializers.ChoiceField(choices=Cause.choices)
    decision = serializers.CharField(max_length=300)
    decided_by = serializers.CharField(max_length=100)
    decided_on = serializers.DateField()


class CloseBody(serializers.Serializer):
    closed_on = serializers.DateField()
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


def _body(request, serializer_class) -> dict:
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return body.validated_data


class RectificationViewSet(BaseViewSet):
    """Rectification cases (EVAL-3); beyond the record, its steps: progress, evidence, accountability, close."""

    queryset = models.Rectification.objects.select_related("community")
    # Each step's own permission is the service's question (progress: the community; accountability: the district).
    action_permissions = {"progress": "view", "evidence": "view", "accountability": "view", "close": "view"}

    def _step(self, run):
        case = self.get_object()
        try:
            run(case)
        except DjangoValidationError as error:
            raise _refused(error) from None
        case.refresh_from_db()
        return Response(CASE(case, context=self.get_serializer_context()).data)

    @extend_schema(operation_id="evaluation_rectifications_progress", request=ProgressBody, responses={200: CASE})
    @action(detail=True, methods=["post"], url_path=r"(?P<report>progress)")
    def progress(self, request, pk=None, report=None):
        """A progress report on an open case."""
        data = _body(request, ProgressBody)
        return self._step(
            lambda case: services.add_progress(acting_user=request.user, case=case, day=data["day"], text=data["text"])
        )

    @extend_schema(operation_id="evaluation_rectifications_evidence", request=EvidenceBody, responses={200: CASE})
    @action(
        detail=True, methods=["post"], url_path=r"(?P<proof>evidence)", parser_classes=[MultiPartParser, FormParser]
    )
    def evidence(self, request, pk=None, proof=None):
        """Closing evidence (multipart/form-data `file`: a PDF, JPEG or PNG of at most 10 MB)."""
        upload = _body(request, EvidenceBody)["file"]
        return self._step(
            lambda case: services.add_evidence(acting_user=request.user, case=case, upload=upload, name=upload.name)
        )

    @extend_schema(
        operation_id="evaluation_rectifications_accountability", request=AccountabilityBody, responses={200: CASE}
    )
    @action(detail=True, methods=["post"], url_path=r"(?P<decision>accountability)")
    def accountability(self, request, pk=None, decision=None):
        """An accountability decision on a named person (the district's or the city's)."""
        data = _body(request, AccountabilityBody)
        return self._step(lambda case: services.add_accountability(acting_user=request.user, case=case, **data))

    @extend_schema(operation_id="evaluation_rectifications_close", request=CloseBody, responses={200: CASE})
    @action(detail=True, methods=["post"], url_path=r"(?P<ending>close)")
    def close(self, request, pk=None, ending=None):
        """Close the case: refused, naming what is missing, until the meeting, causes, measures, persons, deadline,
        evidence (and an accountability decision where the causes call for one) are recorded."""
        data = _body(request, CloseBody)
        return self._step(
            lambda case: services.close_case(
                acting_user=request.user, case=case, day=data["closed_on"], note=data["note"]
            )
        )


class TitleViewSet(ReadOnlyViewSet):
    queryset = models.Title.objects.select_related("community")


class AwardViewSet(BaseViewSet):
    queryset = models.Award.objects.select_related("title", "budget")


class DrawBody(serializers.Serializer):
    division = serializers.RegexField(r"^[0-9]{12}$", help_text="The city's or district's division code.")
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    size = serializers.IntegerField(min_value=1, max_value=10000)
    seed = serializers.IntegerField(min_value=0, max_value=2**48 - 1, required=False, allow_null=True, default=None)


class RecordBody(serializers.Serializer):
    passed = serializers.BooleanField()
    checked_on = serializers.DateField()
    findings = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    criticism = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    deadline = serializers.DateField(required=False, allow_null=True, default=None)


class RecheckDrawViewSet(ReadOnlyViewSet):
    queryset = models.RecheckDraw.objects.select_related("division")
    action_permissions = {"draw": "view"}  # drawing is the service's question (`add_recheckdraw` at the division)

    @extend_schema(operation_id="evaluation_recheck_draws_draw", request=DrawBody, responses={201: DRAW})
    @action(detail=False, methods=["post"], url_path=r"(?P<step>draw)")
    def draw(self, request, step=None):
        """Draw demonstration communities of a division to re-check in a year, at random; the seed is stored (random
        unless given), so the same seed over the same candidates draws the same communities (EVAL-4)."""
        data = _body(request, DrawBody)
        division = get_object_or_404(Division.objects.restrict(request.user, "view"), code=data["division"])
        try:
            draw = services.draw_rechecks(
                acting_user=request.user, division=division, year=data["year"], size=data["size"], seed=data["seed"]
            )
        except DjangoValidationError as error:
            raise _refused(error) from None
        return Response(DRAW(draw, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED)


class RecheckViewSet(ReadOnlyViewSet):
    queryset = models.Recheck.objects.select_related("community", "draw", "title")
    action_permissions = {"record": "view"}

    @extend_schema(operation_id="evaluation_rechecks_record", request=RecordBody, responses={200: RECHECK})
    @action(detail=True, methods=["post"], url_path=r"(?P<step>record)")
    def record(self, request, pk=None, step=None):
        """Record a re-check's result; a failure is criticised with a deadline (a rectification case opens), and two
        failed years revoke the titles and deduct the rewards paid from next year's funds (EVAL-4)."""
        recheck = self.get_object()
        data = _body(request, RecordBody)
        try:
            recheck = services.record_recheck(acting_user=request.user, recheck=recheck, **data)
        except DjangoValidationError as error:
            raise _refused(error) from None
        return Response(RECHECK(recheck, context=self.get_serializer_context()).data)


class DeductionViewSet(ReadOnlyViewSet):
    queryset = models.Deduction.objects.select_related("community", "title")
