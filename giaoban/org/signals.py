"""A user's API tokens die with the password they were issued under, and with the account.

Signals rather than one view: a password changes on the account page, in Django admin (change and
reset), with `manage.py changepassword` or in a shell, and an account is disabled in admin; each path
ends in User.save().
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from . import services
from .models import User

_CREDENTIALS = {"password", "is_active"}


@receiver(pre_save, sender=User, dispatch_uid="org.user_credentials_changing")
def _note_credentials_change(
    sender: Any, instance: User, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    instance._revoke_api_tokens = False  # type: ignore[attr-defined]
    if raw or instance.pk is None:
        return
    if update_fields is not None and not _CREDENTIALS & set(update_fields):
        return  # a login writing last_login
    if update_fields is not None and set(update_fields) == {"password"} and instance._password is None:
        return  # a login re-hashing the same password with stronger hasher settings
    stored = User.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if stored is None:
        return
    disabled = stored["is_active"] and not instance.is_active
    instance._revoke_api_tokens = stored["password"] != instance.password or disabled  # type: ignore[attr-defined]


@receiver(post_save, sender=User, dispatch_uid="org.user_credentials_changed")
def _revoke_api_tokens(sender: Any, instance: User, **kwargs: Any) -> None:
    if getattr(instance, "_revoke_api_tokens", False):
        instance._revoke_api_tokens = False  # type: ignore[attr-defined]
        services.api_tokens_revoke_all(user=instance)
