"""Free text kept on a record: as long as the form's character count allows, and no longer."""

from typing import Any

from django.core.validators import MaxLengthValidator
from django.db import models

LIMIT_MESSAGE = "Use %(limit_value)s characters or fewer (this has %(show_value)s)"


def limited_text(
    verbose_name: str | None = None, *, limit: int, blank: bool = False, **kwargs: Any
) -> models.TextField:
    """A TextField whose length the model checks (`full_clean`, which every service calls) as
    well as the form, with a message saying the limit."""
    field: models.TextField = models.TextField(
        verbose_name,
        blank=blank,
        max_length=limit,
        validators=[MaxLengthValidator(limit, message=LIMIT_MESSAGE)],
        **kwargs,
    )
    return field


# How much free text a record keeps, by kind: a reason or detail, a note, a long note.
REASON_LIMIT = 1000
NOTE_LIMIT = 2000
LONG_NOTE_LIMIT = 5000
