from django.apps import AppConfig


class CoachConfig(AppConfig):
    name = "toward.coach"
    label = "coach"
    verbose_name = "Coach"
