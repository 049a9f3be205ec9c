"""REST API of the interventions app: `/api/v1/interventions/` (the directory) and
`/api/v1/referrals/` (list, create, and each move of the lifecycle as a POST action), plus
resettlement needs. Same selectors and services as the pages, on `cases.api.base`: a caller
holds the endpoint's permission at one prison at least, and the case, referral, need or prison
a request is about is checked at its own prison."""

from django.urls import path

from interventions.api.directory import InterventionListApi
from interventions.api.needs import NeedListApi, NeedUpdateApi
from interventions.api.referrals import (
    AssessApi,
    AttendanceApi,
    CompleteApi,
    NotCompleteApi,
    PlaceApi,
    ReferApi,
    ReferralDetailApi,
    ReferralListApi,
    StartApi,
    WithdrawApi,
)

urlpatterns = [
    path("interventions/", InterventionListApi.as_view(), name="api-intervention-list"),
    path("referrals/", ReferralListApi.as_view(), name="api-referral-list"),
    path("referrals/<int:pk>/", ReferralDetailApi.as_view(), name="api-referral-detail"),
    path("referrals/<int:pk>/refer/", ReferApi.as_view(), name="api-referral-refer"),
    path("referrals/<int:pk>/assess/", AssessApi.as_view(), name="api-referral-assess"),
    path("referrals/<int:pk>/place/", PlaceApi.as_view(), name="api-referral-place"),
    path("referrals/<int:pk>/start/", StartApi.as_view(), name="api-referral-start"),
    path("referrals/<int:pk>/complete/", CompleteApi.as_view(), name="api-referral-complete"),
    path(
        "referrals/<int:pk>/not-complete/",
        NotCompleteApi.as_view(),
        name="api-referral-not-complete",
    ),
    path("referrals/<int:pk>/withdraw/", WithdrawApi.as_view(), name="api-referral-withdraw"),
    path("referrals/<int:pk>/attendance/", AttendanceApi.as_view(), name="api-referral-attendance"),
    path("resettlement-needs/", NeedListApi.as_view(), name="api-need-list"),
    path("resettlement-needs/<int:pk>/updates/", NeedUpdateApi.as_view(), name="api-need-update"),
]
