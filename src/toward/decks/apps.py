from django.apps import AppConfig


class DecksConfig(AppConfig):
    name = "toward.decks"
    label = "decks"
    verbose_name = "Question decks"

    def ready(self) -> None:
        from toward.core import hooks
        from toward.decks import demo, exporters, panel

        hooks.register_exporter("questions", exporters.export_questions)
        hooks.register_leave_handler(exporters.remove_on_leave)
        hooks.register_demo_seeder(demo.seed, order=40)
        hooks.register_space_panel(hooks.SpacePanel("decks/_panel.html", panel.panel, order=20))
