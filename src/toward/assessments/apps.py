from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "toward.assessments"
    label = "assessments"
    verbose_name = "Self-assessments and recommendations"

    def ready(self) -> None:
        from toward.assessments import hooks  # noqa: F401  (export, leave, erase, demo, panel)
