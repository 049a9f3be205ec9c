"""REST API of the allocation app."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
