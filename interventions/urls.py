"""Pages of the interventions app (mounted at /interventions/)."""

from django.urls import path

from interventions import views

urlpatterns = [
    path("", views.directory, name="interventions-directory"),
    path("national/", views.national, name="interventions-national"),
    path("offerings/new/", views.offering_new, name="interventions-offering-new"),
    path("offerings/<int:pk>/", views.offering_detail, name="interventions-offering"),
    path("offerings/<int:pk>/edit/", views.offering_edit, name="interventions-offering-edit"),
    path("offerings/<int:pk>/cohorts/new/", views.cohort_new, name="interventions-cohort-new"),
    path("cohorts/<int:pk>/edit/", views.cohort_edit, name="interventions-cohort-edit"),
    path("catalogue/new/", views.intervention_new, name="interventions-catalogue-new"),
    path("catalogue/<int:pk>/edit/", views.intervention_edit, name="interventions-catalogue-edit"),
    path(
        "prisoners/<str:prison_number>/",
        views.prisoner_interventions,
        name="interventions-prisoner",
    ),
    path("prisoners/<str:prison_number>/refer/", views.refer, name="interventions-refer"),
    path("prisoners/<str:prison_number>/needs/new/", views.need_new, name="interventions-need-new"),
    path("needs/<int:pk>/update/", views.need_update, name="interventions-need-update"),
    path("referrals/<int:pk>/", views.referral_detail, name="interventions-referral"),
    path(
        "referrals/<int:pk>/attendance/",
        views.attendance,
        name="interventions-attendance",
    ),
    path(
        "referrals/<int:pk>/<slug:action>/",
        views.referral_action,
        name="interventions-referral-action",
    ),
    path("lists/waiting/", views.waiting_lists, name="interventions-waiting"),
    path("lists/at-risk/", views.at_risk, name="interventions-at-risk"),
    path("lists/completions/", views.completions, name="interventions-completions"),
    path("lists/pre-release/", views.pre_release, name="interventions-pre-release"),
]
