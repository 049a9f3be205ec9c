"""Forms validate the shape of input; services apply the rules. By subject: sign-in, lists and
policy (`general`), sessions, and the facts of a case and the roll (`facts`, `roll`)."""

from cases.forms.general import (
    LoginForm,
    PrisonerFilterForm,
    PrisonPolicyForm,
    SwitchPrisonForm,
    add_service_error,
)
from cases.forms.sessions import KeyworkShiftForm, SessionForm

__all__ = [
    "KeyworkShiftForm",
    "LoginForm",
    "PrisonPolicyForm",
    "PrisonerFilterForm",
    "SessionForm",
    "SwitchPrisonForm",
    "add_service_error",
]
