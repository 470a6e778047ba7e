from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "toward.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from toward.accounts import exporters, signals  # noqa: F401  (registers hooks, signals)
