"""Accounts app: organisations, users, API tokens and the audit log."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Registers the accounts permission policies and the login-event receivers."""

    name = "gdip.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        """Register authorisation policies and connect Django's auth signals."""
        from gdip.accounts import signals
        from gdip.core.permissions import register_accounts_policies

        register_accounts_policies()
        signals.connect()
