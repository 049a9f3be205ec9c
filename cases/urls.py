from django.urls import path

from cases import views

urlpatterns = [
    path("", views.home, name="home"),
    path("prison/switch/", views.switch_prison, name="switch-prison"),
    path("prisons/<str:code>/policy/", views.prison_policy, name="prison-policy"),
    path("prisons/<str:code>/roll/", views.roll_import, name="roll-import"),
    path("prisons/<str:code>/roll/<int:pk>/", views.roll_import_detail, name="roll-import-detail"),
    path(
        "prisons/<str:code>/roll/<int:pk>/apply/",
        views.roll_import_apply,
        name="roll-import-apply",
    ),
    path("arrivals/new/", views.arrival_new, name="arrival-new"),
    path("merges/new/", views.prisoner_merge, name="prisoner-merge"),
    path("prisoners/", views.prisoner_list, name="prisoner-list"),
    path("prisoners/<str:prison_number>/", views.prisoner_detail, name="prisoner-detail"),
    path("prisoners/<str:prison_number>/record/", views.case_record, name="case-record"),
    path("prisoners/<str:prison_number>/sentence/", views.sentence_edit, name="sentence-edit"),
    path("prisoners/<str:prison_number>/details/", views.details_edit, name="details-edit"),
    path(
        "prisoners/<str:prison_number>/transfer/", views.prisoner_transfer, name="prisoner-transfer"
    ),
    path("prisoners/<str:prison_number>/release/", views.prisoner_release, name="prisoner-release"),
    path("prisoners/<str:prison_number>/sessions/new/", views.session_new, name="session-new"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session-edit"),
    path("audit/", views.audit, name="audit"),
    path(
        "prisoners/<str:prison_number>/subject-access/",
        views.subject_access,
        name="subject-access",
    ),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/prisons/", views.prison_comparison, name="prison-comparison"),
    path("dashboard/figures/<slug:key>/", views.figure_cases, name="figure-cases"),
    path("dashboard/report/", views.monthly_report, name="monthly-report"),
    path("keywork/", views.keywork, name="keywork"),
    path("keywork/delivery/", views.keywork_delivery, name="keywork-delivery"),
    path(
        "prisoners/<str:prison_number>/history/",
        views.prisoner_history,
        name="prisoner-history",
    ),
]
