from django.core.management.base import BaseCommand

from cases.services import roles_sync


class Command(BaseCommand):
    help = "Create or update one group per staff role with its permissions (safe to rerun)."

    def handle(self, *args: object, **options: object) -> None:
        for role, count in roles_sync().items():
            self.stdout.write(f"{role}: {count} permissions")
