"""The ground floor app: prisons, prisoners, who holds each case, staff and the rules engine."""

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _sync_roles(sender: AppConfig, **kwargs: object) -> None:
    # post_migrate is sent once per app with models, in INSTALLED_APPS order, and Django
    # creates each app's permissions in its own handler for that app. Only after the last
    # app's signal do all the permissions the roles need exist.
    last = [config for config in apps.get_app_configs() if config.models_module][-1]
    if sender.name != last.name:
        return
    from cases.services import roles_sync

    roles_sync()


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Prisons, prisoners and staff"

    def ready(self) -> None:
        # Groups must exist wherever the schema does (new deployments, test databases).
        post_migrate.connect(_sync_roles, dispatch_uid="cases.sync_roles")
        from cases import plugin

        plugin.register()
