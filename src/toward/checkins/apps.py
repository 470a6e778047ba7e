from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "toward.checkins"
    label = "checkins"
    verbose_name = "Check-ins and appreciations"

    def ready(self) -> None:
        from toward.checkins import hooks  # noqa: F401  (export, leave and demo hooks)
