from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import permissions

# The navigation by domain; later apps add their entries here.
NAVIGATION = [
    ("home", _("Tổng quan"), "home", None),
    ("committees", _("Ban chỉ đạo"), "org:committee-list", None),
    ("organisations", _("Đơn vị"), "org:organisation-list", None),
    ("persons", _("Cá nhân"), "org:person-list", None),
    ("delegations", _("Đoàn ra, đoàn vào"), "delegations:delegation-list", None),
    ("tasks", _("Nhiệm vụ"), "tasks:task-list", lambda user: not permissions.is_system_admin(user)),
    ("meetings", _("Hội nghị"), "meetings:meeting-list", lambda user: not permissions.is_system_admin(user)),
    ("reports", _("Báo cáo"), "reports:request-list", lambda user: not permissions.is_system_admin(user)),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    path = request.path
    items = []
    for key, label, url_name, predicate in NAVIGATION:
        if predicate is not None and not predicate(user):
            continue
        url = reverse(url_name)
        active = path == url if url == "/" else path.startswith(url)
        items.append({"key": key, "label": label, "url": url, "active": active})
    return {
        "nav_items": items,
        "user_is_secretariat": permissions.is_secretariat(user),
        "user_is_admin": permissions.is_system_admin(user),
    }
