"""REST API of the interventions app."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
