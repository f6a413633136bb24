from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gdip.core"
    label = "core"
