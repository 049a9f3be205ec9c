"""Pages of the screening app (mounted at /screening/)."""

from django.urls import path

from screening import views

urlpatterns = [
    path("tasks/", views.my_tasks, name="my-tasks"),
    path("tasks/omu/", views.omu_tasks, name="omu-tasks"),
    path("tasks/<int:pk>/", views.task_detail, name="task-detail"),
    path("sweeps/", views.sweep_runs, name="sweep-runs"),
    path("prisoners/<str:prison_number>/tasks/", views.case_tasks, name="case-tasks"),
    path("prisoners/<str:prison_number>/bcs/", views.bcs, name="bcs"),
    path(
        "prisoners/<str:prison_number>/categorisation/",
        views.categorisation,
        name="categorisation",
    ),
    path("prisoners/<str:prison_number>/oasys/", views.oasys, name="oasys"),
    path(
        "prisoners/<str:prison_number>/oasys/objectives/<int:pk>/",
        views.objective_status,
        name="objective-status",
    ),
]
