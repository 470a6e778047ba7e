from django.apps import AppConfig


class SpacesConfig(AppConfig):
    name = "toward.spaces"
    label = "spaces"
    verbose_name = "Spaces"

    def ready(self) -> None:
        from toward.spaces import exporters  # noqa: F401  (registers the export section)
