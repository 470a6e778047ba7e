from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "toward.insights"
    label = "insights"
    verbose_name = "Insights: a pattern or a moment?"

    def ready(self) -> None:
        from toward.core import hooks
        from toward.insights import demo, panel, sources_builtin

        sources_builtin.register()
        hooks.register_space_panel(
            hooks.SpacePanel("insights/_panel.html", panel.context, order=95)
        )
        # Last, so the months of history go in after every practice has seeded its recent weeks.
        hooks.register_demo_seeder(demo.seed_demo, order=900)
