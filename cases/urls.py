from django.urls import path

from cases import views

urlpatterns = [
    path("", views.home, name="home"),
    path("prison/switch/", views.switch_prison, name="switch-prison"),
    path("prisons/<str:code>/policy/", views.prison_policy, name="prison-policy"),
    path("prisoners/", views.prisoner_list, name="prisoner-list"),
    path("prisoners/<str:prison_number>/", views.prisoner_detail, name="prisoner-detail"),
    path(
        "prisoners/<str:prison_number>/history/",
        views.prisoner_history,
        name="prisoner-history",
    ),
]
