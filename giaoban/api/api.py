"""The django-ninja API object; each app contributes its own router."""

from ninja import NinjaAPI

api = NinjaAPI(title="Giao Ban API", version="1", urls_namespace="api")
