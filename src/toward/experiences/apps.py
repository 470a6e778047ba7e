from django.apps import AppConfig


class ExperiencesConfig(AppConfig):
    name = "toward.experiences"
    label = "experiences"
    verbose_name = "Shared experiences: ideas, plans and memories"

    def ready(self) -> None:
        from toward.experiences import hooks  # noqa: F401  (export, leave, erase, demo, panel)
