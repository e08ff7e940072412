"""The unread notification count shown in the page header (base.html)."""

from django.utils.functional import SimpleLazyObject


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        from .selectors import unread_count

        return unread_count(user)

    # Lazy: pages that do not render the header run no query for it.
    return {"unread_notifications": SimpleLazyObject(count)}
