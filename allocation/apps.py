from django.apps import AppConfig


class AllocationConfig(AppConfig):
    name = "allocation"
    verbose_name = "POM, COM and keyworker allocation"

    def ready(self) -> None:
        from allocation import plugin

        plugin.register()
