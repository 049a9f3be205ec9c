"""Pages of the handover app (mounted at /handover/)."""

from django.urls import path

from handover import views

urlpatterns = [
    path("", views.handover_list, name="handover-list"),
    path("parole/", views.parole_list, name="handover-parole"),
    path("<str:prison_number>/", views.handover_case, name="handover-case"),
    path("<str:prison_number>/summary/", views.handover_summary, name="handover-summary"),
    path("<str:prison_number>/letter/", views.prisoner_letter, name="handover-letter"),
    path(
        "<str:prison_number>/checklist/<slug:code>/",
        views.checklist_item,
        name="handover-item",
    ),
    path("<str:prison_number>/contacts/new/", views.contact_new, name="handover-contact-new"),
    path("<str:prison_number>/notes/new/", views.note_new, name="handover-note-new"),
    path(
        "<str:prison_number>/parole-reviews/new/",
        views.parole_review_new,
        name="handover-parole-review-new",
    ),
    path(
        "<str:prison_number>/parole-reviews/<int:pk>/outcome/",
        views.parole_review_outcome,
        name="handover-parole-review-outcome",
    ),
    path("<str:prison_number>/override/", views.override_add, name="handover-override"),
    path(
        "<str:prison_number>/override/remove/",
        views.override_remove,
        name="handover-override-remove",
    ),
]
