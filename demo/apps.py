from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data: per-app factories (`demo.factories`) and `manage.py seed_demo` (`demo.seed`).

    It stands above every feature app and may import them all; no app imports it."""

    name = "demo"
    verbose_name = "Demo data"
