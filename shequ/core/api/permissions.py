from rest_framework.permissions import BasePermission

__all__ = ["ACTION_BY_METHOD", "ModelActionPermission"]

ACTION_BY_METHOD = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class ModelActionPermission(BasePermission):
    """Signed in, and holding `<app>.<action>_<model>` somewhere; *where* is the restricted queryset's business."""

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated:
            return False
        model = getattr(getattr(view, "queryset", None), "model", None)
        if model is None:
            return True
        action = ACTION_BY_METHOD.get(request.method, "view")
        return user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")
