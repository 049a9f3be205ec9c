from django.apps import AppConfig


class HandoverConfig(AppConfig):
    name = "handover"
    verbose_name = "Handover to the community offender manager"

    def ready(self) -> None:
        from handover import plugin

        plugin.register()
