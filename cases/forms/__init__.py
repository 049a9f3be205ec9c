"""Forms validate the shape of input; services apply the rules. By subject: sign-in, lists and
policy (`general`), sessions, and the facts of a case and the roll (`facts`, `sentence`, `roll`)."""

from cases.forms.audit import AuditFilterForm
from cases.forms.facts import DetailsForm, MergeForm, ReleaseForm, TransferForm, key_date_label
from cases.forms.general import (
    LoginForm,
    MonthlyReportForm,
    PrisonerFilterForm,
    PrisonPolicyForm,
    SwitchPrisonForm,
    add_service_error,
)
from cases.forms.roll import RollUploadForm, check_roll_upload
from cases.forms.sentence import ArrivalForm, SentenceForm
from cases.forms.sessions import KeyworkShiftForm, SessionForm

__all__ = [
    "AuditFilterForm",
    "ArrivalForm",
    "DetailsForm",
    "KeyworkShiftForm",
    "LoginForm",
    "MergeForm",
    "MonthlyReportForm",
    "PrisonPolicyForm",
    "PrisonerFilterForm",
    "ReleaseForm",
    "RollUploadForm",
    "SentenceForm",
    "SessionForm",
    "SwitchPrisonForm",
    "TransferForm",
    "add_service_error",
    "check_roll_upload",
    "key_date_label",
]
