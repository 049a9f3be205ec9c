"""URL wiring: each app owns its pages (`<app>/urls.py`) and API routes (`<app>/api.py`)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from cases import views as case_views
from cases.forms import LoginForm

api_v1 = [
    path("", include("cases.api.urls")),
    path("", include("allocation.api")),
    path("", include("handover.api")),
    path("", include("screening.api")),
    path("", include("interventions.api")),
]

urlpatterns = [
    path(
        "accounts/login/",
        login_not_required(
            auth_views.LoginView.as_view(
                template_name="registration/login.html",
                authentication_form=LoginForm,
                redirect_authenticated_user=True,
            )
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz/", case_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("cases.urls")),
    path("allocation/", include("allocation.urls")),
    path("screening/", include("screening.urls")),
    path("interventions/", include("interventions.urls")),
    path("handover/", include("handover.urls")),
    path("feeds/", include("feeds.urls")),
]
