from django.urls import path

from cases.api.audit import AuditApi, SubjectAccessApi
from cases.api.facts import ArrivalApi, DetailsApi, MergeApi, ReleaseApi, SentenceApi, TransferApi
from cases.api.prisoners import PrisonerDetailApi, PrisonerListApi, SessionListApi, TimelineApi
from cases.api.prisons import PrisonFiguresApi, PrisonPolicyApi, StatsApi
from cases.api.roll import (
    RollImportApplyApi,
    RollImportCreateApi,
    RollImportDetailApi,
    RollImportListApi,
)

urlpatterns = [
    path("stats/", StatsApi.as_view(), name="api-stats"),
    path("sessions/", SessionListApi.as_view(), name="api-session-list"),
    path("prisoners/<str:prison_number>/timeline/", TimelineApi.as_view(), name="api-timeline"),
    path("prisons/<str:code>/policy/", PrisonPolicyApi.as_view(), name="api-prison-policy"),
    path("prisons/<str:code>/figures/", PrisonFiguresApi.as_view(), name="api-prison-figures"),
    path("prisons/<str:code>/audit/", AuditApi.as_view(), name="api-audit"),
    path("prisoners/", PrisonerListApi.as_view(), name="api-prisoner-list"),
    path("prisoners/<str:prison_number>/", PrisonerDetailApi.as_view(), name="api-prisoner-detail"),
    path(
        "prisoners/<str:prison_number>/subject-access/",
        SubjectAccessApi.as_view(),
        name="api-subject-access",
    ),
    # Data in: a case's facts, and the roll imported from a file.
    path("prisons/<str:code>/arrivals/", ArrivalApi.as_view(), name="api-arrivals"),
    path("prisoners/<str:prison_number>/sentence/", SentenceApi.as_view(), name="api-sentence"),
    path("prisoners/<str:prison_number>/details/", DetailsApi.as_view(), name="api-details"),
    path("prisoners/<str:prison_number>/transfer/", TransferApi.as_view(), name="api-transfer"),
    path("prisoners/<str:prison_number>/release/", ReleaseApi.as_view(), name="api-release"),
    path("prisoners/<str:prison_number>/merge/", MergeApi.as_view(), name="api-merge"),
    path(
        "prisons/<str:code>/roll-imports/",
        RollImportCreateApi.as_view(),
        name="api-roll-import-create",
    ),
    path("roll-imports/", RollImportListApi.as_view(), name="api-roll-import-list"),
    path("roll-imports/<int:pk>/", RollImportDetailApi.as_view(), name="api-roll-import-detail"),
    path(
        "roll-imports/<int:pk>/apply/",
        RollImportApplyApi.as_view(),
        name="api-roll-import-apply",
    ),
]
