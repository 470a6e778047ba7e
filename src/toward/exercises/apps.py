from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    name = "toward.exercises"
    label = "exercises"
    verbose_name = "Guided exercises"

    def ready(self) -> None:
        from toward.core import hooks
        from toward.exercises import hooks as mine

        hooks.register_exporter("exercises", mine.export_exercises)
        hooks.register_leave_handler(mine.remove_on_leave)
        hooks.register_demo_seeder(mine.seed_demo, order=50)
        hooks.register_space_panel(hooks.SpacePanel("exercises/_panel.html", mine.panel, order=50))
