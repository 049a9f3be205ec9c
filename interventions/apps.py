from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    name = "interventions"
    verbose_name = "Interventions and resettlement needs"

    def ready(self) -> None:
        from interventions import plugin

        plugin.register()
