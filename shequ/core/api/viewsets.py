"""The base API viewset: restricted querysets, model permissions, write-side scope (DESIGN.md §3–§4)."""

from typing import Any
from urllib.parse import unquote

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError

from shequ.core.api.permissions import model_action
from shequ.core.registers import declaration_of
from shequ.core.restricted import (
    MAX_REASON_LENGTH,
    MIN_REASON_LENGTH,
    REASON_HEADER,
    clean_reason,
    is_restricted,
    log_restricted_view,
)
from shequ.core.rights import user_may

__all__ = ["BaseViewSet", "ReadOnlyViewSet", "ScopedReads"]


class ScopedReads:
    """What every register's API shares: rows through `restrict(user, action)` (out of scope = 404), and the
    serializer and filterset from the register's declaration (`core.registers`, issue #11) unless the viewset sets
    `serializer_class` / `filterset_class`."""

    request: Any
    queryset: Any = None  # the register's queryset (its model is what matters; rows come from `restrict`)
    serializer_class: Any = None

    def get_serializer_class(self):
        return self.serializer_for()

    @classmethod
    def serializer_for(cls):
        """The serializer: the viewset's own, else the register declaration's."""
        if cls.serializer_class is not None:
            return cls.serializer_class
        return declaration_of(cls.queryset.model).serializer_class()

    @property
    def filterset_class(self):
        """The declaration's filterset (a subclass that sets `filterset_class` replaces this property)."""
        declaration = declaration_of(self.queryset.model)
        return declaration.filterset_class() if declaration is not None else None

    access_reason = ""

    def initial(self, request, *args, **kwargs):
        """After authentication and permissions: a restricted register answers only a request that states its
        reason in the `X-Access-Reason` header (percent-encoded UTF-8, as HTTP headers are Latin-1), and each
        answered request is written to the access log (GOV-4, `core.restricted`)."""
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        if is_restricted(self.queryset.model):
            self.access_reason = clean_reason(unquote(request.headers.get(REASON_HEADER, "")))
            if not self.access_reason:
                message = _(
                    "Restricted records: state the reason in the {header} header ({low} to {high} characters)."
                )
                raise PermissionDenied(
                    message.format(header=REASON_HEADER, low=MIN_REASON_LENGTH, high=MAX_REASON_LENGTH)
                )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if self.access_reason and response.status_code < 400:
            page = f"api:{getattr(self, 'action', '') or request.method}"
            model = self.queryset.model
            log_restricted_view(request, model, self.access_reason, object_id=kwargs.get("pk"), page=page)
        return response

    def get_queryset(self):
        action = model_action(self.request, self)
        return self.queryset.model.objects.restrict(self.request.user, action).select_related(
            *getattr(self, "select_related", ())
        )


class ReadOnlyViewSet(ScopedReads, viewsets.ReadOnlyModelViewSet):
    """A register whose records are written only by its services (moves, one-stop cases): list and detail."""


class BaseViewSet(ScopedReads, viewsets.ModelViewSet):
    """A register's API declares `queryset` (and `select_related`); the rest is here. A create or update whose
    result would lie outside the writer's scope is refused with 403 and rolled back (issue #2, AC-3).
    """

    def _permission(self, action: str) -> str:
        meta = self.queryset.model._meta
        return f"{meta.app_label}.{action}_{meta.model_name}"

    def _save_within_scope(self, serializer, action: str, **extra):
        with transaction.atomic():
            instance = serializer.save(**extra)
            code = getattr(instance, "division_code", None)  # catalogues have no jurisdiction, only permissions
            if code is not None and not user_may(self.request.user, self._permission(action), code):
                raise PermissionDenied(_("The record would lie outside your jurisdiction."))
            self.after_save(instance, self.request.user, created=action == "add")
        return instance

    def after_save(self, instance, user, created: bool) -> None:
        """Hook inside the save transaction (the API's twin of `ModelViews.after_save`)."""

    @extend_schema(
        summary="Search by POST",
        description="The list's filters in the request body, for searches by ID or phone number, which are "
        "refused in the query string so that they never reach a URL or a server log (DESIGN.md §5).",
    )
    @action(detail=False, methods=["post"])
    def search(self, request, *args, **kwargs):
        if not isinstance(request.data, dict):  # a list or a bare value: nothing to filter by (issue #12)
            raise ValidationError({"non_field_errors": [_("The search body must be a JSON object of filters.")]})
        return self.list(request, *args, **kwargs)

    def perform_create(self, serializer):
        extra = {"created_by": self.request.user} if hasattr(serializer.Meta.model, "created_by") else {}
        self._save_within_scope(serializer, "add", **extra)

    def perform_update(self, serializer):
        self._save_within_scope(serializer, "change")

    def perform_destroy(self, instance):
        with transaction.atomic():
            instance.delete()
