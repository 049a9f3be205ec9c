"""What records edited by more than one person share: a version raised on every change
(`cases.versions`), left out of their history."""

from django.db import models


class HistoryWithoutVersion:
    """The history leaves out `version` (a concurrency counter, not a decision); readers that
    walk every field of a record over its history see None."""

    version = None


def version_field() -> models.PositiveIntegerField:
    return models.PositiveIntegerField(
        default=0, editable=False, help_text="Raised by one on every change (no lost updates)."
    )
