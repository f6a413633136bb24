from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "gdip.web"
    label = "web"
