from rest_framework.permissions import BasePermission

__all__ = ["ACTION_BY_METHOD", "ModelActionPermission", "model_action"]

ACTION_BY_METHOD = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}

READ_ACTIONS = {"search"}  # POSTed reads: the body carries search terms that must stay out of URLs


def model_action(request, view) -> str:
    """The model permission action a request needs: by HTTP method, except reads that are POSTed and the
    viewset's own `action_permissions` (e.g. a work order's steps, which decide per step who may take them)."""
    action = getattr(view, "action", None)
    if action in READ_ACTIONS:
        return "view"
    declared = getattr(view, "action_permissions", {})
    if action in declared:
        return declared[action]
    return ACTION_BY_METHOD.get(request.method, "view")


class ModelActionPermission(BasePermission):
    """Signed in, and holding `<app>.<action>_<model>` somewhere; *where* is the restricted queryset's business."""

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated:
            return False
        model = getattr(getattr(view, "queryset", None), "model", None)
        if model is None:
            return True
        action = model_action(request, view)
        return user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")
