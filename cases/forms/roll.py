"""Uploading a prison's roll: the file and whether it is the whole roll. What is in the file is
checked afterwards, row by row (`cases.roll`); this form refuses only what cannot be a roll
file at all: none, the wrong kind, empty, or too big."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from cases.forms.govuk import GovForm

ROLL_FILE_TYPES = (".csv", ".xlsx")


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.0f} MB"


class RollUploadForm(GovForm):
    file = forms.FileField(
        label="Roll file",
        help_text="A CSV or XLSX file, one prisoner a row, with Prisoner Search column names "
        "(prisonerNumber, firstName, lastName, dateOfBirth, legalStatus and any key dates).",
        widget=forms.FileInput(attrs={"accept": ",".join(ROLL_FILE_TYPES)}),
        error_messages={
            "required": "Select a roll file",
            "empty": "The selected file is empty",
            "invalid": "Select a roll file",
            "missing": "Select a roll file",
        },
    )
    full_roll = forms.BooleanField(
        label="This file is the whole roll",
        required=False,
        help_text="Anyone held here who is not in the file is shown as leaving, and is released "
        "when you apply it.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field("file"),
            Field.checkbox("full_roll"),
            Button("upload", "Upload and check"),
        )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        return check_roll_upload(upload)

    def content(self) -> bytes:
        upload: UploadedFile = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read()


def check_roll_upload(upload: UploadedFile) -> UploadedFile:
    """A roll file's name and size (the page and the API). Raises ValidationError."""
    name = (upload.name or "").lower()
    if not name.endswith(ROLL_FILE_TYPES):
        raise forms.ValidationError("The selected file must be a CSV or XLSX", code="file_type")
    limit = settings.ROLL_IMPORT_MAX_BYTES
    if (upload.size or 0) > limit:
        raise forms.ValidationError(
            f"The selected file must be smaller than {_megabytes(limit)}", code="file_size"
        )
    if not upload.size:
        raise forms.ValidationError("The selected file is empty", code="empty")
    return upload
