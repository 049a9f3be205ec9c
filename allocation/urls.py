"""Pages of the allocation app (mounted at /allocation/)."""

from django.urls import path

from allocation import views

ROLE = "<str:role>"

urlpatterns = [
    path("", views.queue, name="allocation-queue"),
    path("missing-information/", views.missing, name="allocation-missing"),
    path("reallocation/", views.reallocation, name="allocation-reallocation"),
    path("com-needed/", views.com_needed, name="allocation-com-needed"),
    path("keyworkers/", views.keyworkers, name="allocation-keyworkers"),
    path("early-allocation/", views.early_due, name="allocation-early-due"),
    path("caseload/", views.my_caseload, name="allocation-my-caseload"),
    path("caseload/<str:username>/", views.caseload, name="allocation-caseload"),
    path("staff/", views.staff, name="allocation-staff"),
    path("staff/<str:username>/", views.staff_edit, name="allocation-staff-edit"),
    path("staff/<str:username>/move/", views.bulk_move, name="allocation-bulk-move"),
    path("prisoners/<str:prison_number>/", views.allocate, name="allocation-allocate"),
    path(
        "prisoners/<str:prison_number>/co-working/",
        views.allocate,
        {"role": "co-working"},
        name="allocation-coworking",
    ),
    path("prisoners/<str:prison_number>/compare/", views.compare, name="allocation-compare"),
    path(
        "prisoners/<str:prison_number>/missing-information/",
        views.missing_form,
        name="allocation-missing-form",
    ),
    path("prisoners/<str:prison_number>/com/", views.com, name="allocation-com"),
    path("prisoners/<str:prison_number>/keyworker/", views.keyworker, name="allocation-keyworker"),
    path("prisoners/<str:prison_number>/history/", views.history, name="allocation-history"),
    path(
        "prisoners/<str:prison_number>/early-allocation/",
        views.early_assess,
        name="allocation-early-assess",
    ),
    path(
        "prisoners/<str:prison_number>/early-allocation/<int:pk>/",
        views.early_detail,
        name="allocation-early-detail",
    ),
    path(
        "prisoners/<str:prison_number>/early-allocation/<int:pk>/withdraw/",
        views.early_withdraw,
        name="allocation-early-withdraw",
    ),
    path(
        "prisoners/<str:prison_number>/remove/<str:role>/",
        views.remove,
        name="allocation-remove",
    ),
    path(
        "prisoners/<str:prison_number>/<str:role>/<str:username>/",
        views.confirm,
        name="allocation-confirm",
    ),
]
