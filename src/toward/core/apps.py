from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "toward.core"
    label = "core"
    verbose_name = "Toward shell"
