from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "giaoban.api"
    label = "api"
    verbose_name = "API"
