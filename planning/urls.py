"""Pages of the planning app (mounted at /planning/)."""

from django.urls import path

from planning import views

urlpatterns = [
    path("what-if/", views.whatif_start, name="planning-whatif-start"),
    path("what-if/runs/<int:pk>/", views.whatif_run, name="planning-run"),
    path("what-if/<str:scope>/", views.whatif, name="planning-whatif"),
    path("what-if/<str:scope>/apply/", views.whatif_apply, name="planning-apply"),
]
