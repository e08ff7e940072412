"""Fixtures for the production checks: collected static files, one secret for every app process."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from giaoban.core.testing import app_environment, collectstatic, database_url

PASSWORD = "mat-khau-thu-nghiem-2017"


@pytest.fixture(scope="session")
def prod_var_dir(tmp_path_factory) -> Path:
    """A var/ folder with static files collected as for production (hashed names, a manifest)."""
    var_dir = tmp_path_factory.mktemp("prod-var")
    collectstatic(var_dir)
    return var_dir


@pytest.fixture(scope="session")
def shared_secret() -> str:
    """Every app process of one deployment shares SECRET_KEY (sessions are signed with it)."""
    return secrets.token_urlsafe(50)


@pytest.fixture
def prod_env(prod_var_dir, shared_secret):
    """prod_env(database_url=None, **extra): the environment of one app process in production settings."""

    def make(database: str | None = None, **extra: str) -> dict[str, str]:
        return app_environment(database or database_url(), prod_var_dir, SECRET_KEY=shared_secret, **extra)

    return make


def give_password(user, password: str = PASSWORD) -> None:
    """Store a PBKDF2 hash, as production checks it (the suite's own settings hash with MD5 for speed)."""
    hasher = PBKDF2PasswordHasher()
    type(user).objects.filter(pk=user.pk).update(password=hasher.encode(password, hasher.salt()))
