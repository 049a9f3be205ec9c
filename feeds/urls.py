from django.urls import path

from feeds import views

urlpatterns = [
    path("", views.feeds_page, name="feeds"),
    path("parked/<int:pk>/retry/", views.parked_retry, name="feeds-parked-retry"),
    path("parked/<int:pk>/discard/", views.parked_discard, name="feeds-parked-discard"),
]
