from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _sync_roles(sender: AppConfig, using: str = "default", **kwargs: object) -> None:
    from django.contrib.auth.management import create_permissions

    from cases.services import roles_sync

    # Permissions of apps migrated after this one do not exist yet; create them first
    # (idempotent, as Django itself does after migrate).
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    roles_sync()


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Prisons, prisoners and staff"

    def ready(self) -> None:
        # Groups must exist wherever the schema does (new deployments, test databases).
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="cases.sync_roles")
