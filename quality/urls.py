from django.urls import path

from quality import views

urlpatterns = [
    path("", views.sample, name="quality-sample"),
    path("draw/", views.draw, name="quality-draw"),
    path("results/", views.results, name="quality-results"),
    path("cases/<int:pk>/", views.review, name="quality-case"),
    path("cases/<int:pk>/reviewer/", views.reassign, name="quality-reviewer"),
]
