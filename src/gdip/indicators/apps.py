from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "gdip.indicators"
    label = "indicators"
    verbose_name = "Plan monitoring"
