"""Forms validate the shape of input; `interventions.services` apply the rules. By subject: the
directory (`directory`), referrals (`referrals`) and resettlement needs (`needs`)."""

from interventions.forms.common import MonthForm
from interventions.forms.directory import (
    CohortForm,
    DirectoryFilterForm,
    InterventionForm,
    OfferingAddForm,
    OfferingForm,
)
from interventions.forms.needs import NeedForm, NeedUpdateForm
from interventions.forms.referrals import (
    AssessForm,
    AttendanceForm,
    CompleteForm,
    NotCompleteForm,
    PlaceForm,
    ReferralForm,
    StartForm,
    WithdrawForm,
)

__all__ = [
    "AssessForm",
    "AttendanceForm",
    "CohortForm",
    "CompleteForm",
    "DirectoryFilterForm",
    "InterventionForm",
    "MonthForm",
    "NeedForm",
    "NeedUpdateForm",
    "NotCompleteForm",
    "OfferingAddForm",
    "OfferingForm",
    "PlaceForm",
    "ReferralForm",
    "StartForm",
    "WithdrawForm",
]
