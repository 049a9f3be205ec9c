from django.urls import path

from cases.api.prisoners import PrisonerDetailApi, PrisonerListApi, SessionListApi, TimelineApi
from cases.api.prisons import PrisonPolicyApi, StatsApi

urlpatterns = [
    path("stats/", StatsApi.as_view(), name="api-stats"),
    path("sessions/", SessionListApi.as_view(), name="api-session-list"),
    path("prisoners/<str:prison_number>/timeline/", TimelineApi.as_view(), name="api-timeline"),
    path("prisons/<str:code>/policy/", PrisonPolicyApi.as_view(), name="api-prison-policy"),
    path("prisoners/", PrisonerListApi.as_view(), name="api-prisoner-list"),
    path("prisoners/<str:prison_number>/", PrisonerDetailApi.as_view(), name="api-prisoner-detail"),
]
