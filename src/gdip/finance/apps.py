from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "gdip.finance"
    label = "finance"
    verbose_name = "IP pledge financing"

    def ready(self) -> None:
        """Register the capabilities and permission policies, and the workflow guards."""
        from gdip.finance import actions  # noqa: F401 - registers the guards named in the tables
        from gdip.finance.policies import register_finance_policies

        register_finance_policies()
