from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "toward.content"
    label = "content"
    verbose_name = "Content library"
