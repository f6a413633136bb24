from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "gdip.indicators"
    label = "indicators"
    verbose_name = "Plan monitoring"

    def ready(self) -> None:
        """Register the permission policies of the plan-monitoring models."""
        from gdip.indicators.policies import register_indicator_policies

        register_indicator_policies()
