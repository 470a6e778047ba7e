from django.apps import AppConfig


class ReflectionsConfig(AppConfig):
    name = "toward.reflections"
    label = "reflections"
    verbose_name = "The first reflection, the four pillars, dreams and growth"

    def ready(self) -> None:
        from toward.reflections import hooks  # noqa: F401  (export, leave, demo, space panel)
