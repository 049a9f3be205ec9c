from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = "Screening and deadlines"

    def ready(self) -> None:
        from screening import plugin

        plugin.register()
