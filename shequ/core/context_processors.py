from django.urls import reverse

from shequ.core.registry import menu

__all__ = ["navigation"]


def navigation(request):
    """The menu groups and items this user may open (navigation by role)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    groups = []
    for group in menu:
        items = [
            {"label": item.label, "url": reverse(item.url_name, args=item.args)}
            for item in group.items
            if item.permission is None or user.has_perm(item.permission)
        ]
        if items:
            groups.append({"label": group.label, "items": items})
    return {"navigation": groups}
