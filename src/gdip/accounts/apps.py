from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gdip.accounts"
    label = "accounts"
