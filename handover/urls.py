"""Pages of the handover app."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
