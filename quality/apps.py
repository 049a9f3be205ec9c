from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "quality"
    verbose_name = "Case-quality audit"

    def ready(self) -> None:
        from quality import plugin

        plugin.register()
