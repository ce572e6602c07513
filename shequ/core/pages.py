"""Core pages: the audit registers and the API root."""

from django.urls import get_resolver
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from shequ.core.filtersets import AccessLogFilterSet, ObjectChangeFilterSet
from shequ.core.models import AccessLog, ObjectChange
from shequ.core.tables import AccessLogTable, ObjectChangeTable
from shequ.core.views import ModelViews, ObjectDetailView

__all__ = ["AccessLogViews", "ApiRootView", "ObjectChangeViews"]


class ObjectChangeDetailView(ObjectDetailView):
    def extra_context(self, obj):
        model = obj.object_type.model_class()
        hidden_from = getattr(model, "changelog_hidden_fields", None)  # None: a model since removed
        hidden = hidden_from(self.request.user) if hidden_from else set()
        keys = sorted(
            key
            for key in set(obj.prechange_data or {}) | set(obj.postchange_data or {})
            if key not in hidden and not key.endswith(("_encrypted", "_digest"))
        )
        shown = getattr(model, "changelog_value", lambda _name, value, _user: value)
        before, after = obj.prechange_data or {}, obj.postchange_data or {}
        diff = [
            (key, shown(key, before.get(key), self.request.user), shown(key, after.get(key), self.request.user))
            for key in keys
        ]
        fields = [
            (ObjectChange._meta.get_field(name).verbose_name, value)
            for name, value in (
                ("time", obj.time),
                ("user_name", obj.user_name),
                ("action", obj.get_action_display()),
                ("object_type", obj.object_type),
                ("object_repr", obj.object_repr),
                ("request_id", obj.request_id),
            )
        ]
        return {"fields": fields, "diff": diff}


class ObjectChangeViews(ModelViews):
    model = ObjectChange
    filterset = ObjectChangeFilterSet
    table = ObjectChangeTable
    detail_view = ObjectChangeDetailView
    kinds = ("list", "detail")

    @classmethod
    def detail_template(cls):
        return "core/objectchange.html"


class AccessLogViews(ModelViews):
    model = AccessLog
    filterset = AccessLogFilterSet
    table = AccessLogTable
    kinds = ("list",)


class ApiRootView(APIView):
    """The API's entry point: links to every register's endpoint (public, carries no data)."""

    permission_classes = [AllowAny]
    schema = None

    def get(self, request, format=None):
        links = {
            "schema": reverse("api-schema", request=request),
            "docs": reverse("api-docs", request=request),
        }
        # Every `<group>-api` namespace the root URL conf includes, in its order: core names no app.
        for resolver in get_resolver(getattr(request, "urlconf", None)).url_patterns:
            namespace = getattr(resolver, "namespace", None) or ""
            if not namespace.endswith("-api"):
                continue
            router = getattr(resolver.urlconf_module, "router", None)
            if router is not None:  # an app's registers: each one's collection
                group = {
                    prefix: reverse(f"{namespace}:{basename}-list", request=request)
                    for prefix, _viewset, basename in router.registry
                }
            else:  # plain API views (the compliance API): those that take no argument
                group = {
                    pattern.name: reverse(f"{namespace}:{pattern.name}", request=request)
                    for pattern in resolver.url_patterns
                    if pattern.name and not pattern.pattern.regex.groups
                }
            links[namespace.removesuffix("-api")] = group
        return Response(links)
