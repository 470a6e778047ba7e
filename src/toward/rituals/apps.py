from django.apps import AppConfig


class RitualsConfig(AppConfig):
    name = "toward.rituals"
    label = "rituals"
    verbose_name = "Rituals of connection"

    def ready(self) -> None:
        from toward.core import hooks
        from toward.reflections.pillars import register_activity
        from toward.rituals import hooks as mine
        from toward.rituals.services import marks_since

        hooks.register_exporter("rituals", mine.export_rituals)
        hooks.register_leave_handler(mine.remove_on_leave)
        hooks.register_erase_handler(mine.erase)
        hooks.register_demo_seeder(mine.seed_demo, order=70)
        hooks.register_space_panel(
            hooks.SpacePanel(
                "rituals/_panel.html", mine.panel, order=40, has_activity=mine.has_activity
            )
        )
        register_activity("rituals", marks_since)
