from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = "Planning: policy what-if"

    def ready(self) -> None:
        from planning import plugin

        plugin.register()
