from django.apps import AppConfig


class LearnConfig(AppConfig):
    name = "toward.learn"
    label = "learn"
    verbose_name = "The Learn library"
