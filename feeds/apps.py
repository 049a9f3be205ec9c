from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "feeds"
    verbose_name = "National feeds"

    def ready(self) -> None:
        from feeds import plugin

        plugin.register()
