from django.apps import AppConfig


class RepairConfig(AppConfig):
    name = "toward.repair"
    label = "repair"
    verbose_name = "Repair after conflict, and the pause"

    def ready(self) -> None:
        from toward.core import hooks
        from toward.repair import hooks as mine

        hooks.register_exporter("repair", mine.export_repair)
        hooks.register_leave_handler(mine.remove_on_leave)
        hooks.register_demo_seeder(mine.seed_demo, order=60)
        hooks.register_space_panel(hooks.SpacePanel("repair/_panel.html", mine.panel_now, order=5))
        hooks.register_space_panel(
            hooks.SpacePanel("repair/_panel_quiet.html", mine.panel_quiet, order=90)
        )
