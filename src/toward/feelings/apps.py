from django.apps import AppConfig


class FeelingsConfig(AppConfig):
    name = "toward.feelings"
    label = "feelings"
    verbose_name = "Feelings wheel"
