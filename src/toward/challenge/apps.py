from django.apps import AppConfig


class ChallengeConfig(AppConfig):
    name = "toward.challenge"
    label = "challenge"
    verbose_name = "The 30-day connection challenge"

    def ready(self) -> None:
        from toward.challenge import hooks  # noqa: F401  (export, leave, demo, space panel)
