from django.apps import AppConfig


class NudgesConfig(AppConfig):
    name = "toward.nudges"
    label = "nudges"
    verbose_name = "Notices, quiet hours and rest"

    def ready(self) -> None:
        from toward.core import hooks
        from toward.nudges import hooks as mine

        hooks.register_exporter("rest_and_notices", mine.export_nudges)
        hooks.register_leave_handler(mine.remove_on_leave)
        hooks.register_demo_seeder(mine.seed_demo, order=95)
        hooks.register_space_panel(
            hooks.SpacePanel("nudges/_panel_rest.html", mine.panel_rest, order=1)
        )
