"""URL wiring: each app owns its pages (`<app>/urls.py`) and API routes (`<app>/api.py`)."""

from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from cases import account, security
from cases import views as case_views

api_v1 = [
    path("", include("cases.api.urls")),
    path("", include("allocation.api")),
    path("", include("handover.api")),
    path("", include("screening.api")),
    path("", include("interventions.api")),
    path("", include("planning.api")),
    path("", include("quality.api")),
]

# Swagger UI: the split view serves its start-up script as a file (no inline script); its page's
# one fixed <style> block is allowed by its hash (no 'unsafe-inline').
api_docs = csp_update(
    {"style-src": security.inline_style_hashes("drf_spectacular/swagger_ui.html")}
)(SpectacularSwaggerSplitView.as_view(url_name="api-schema"))

accounts = [
    path("login/", login_not_required(account.SignInView.as_view()), name="login"),
    # Django's LogoutView answers POST only (GET is 405): no link or image can sign anyone out.
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", account.ChangePasswordView.as_view(), name="password_change"),
    path(
        "password/changed/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("keep-alive/", account.keep_alive, name="keep-alive"),
    path("lockouts/", account.lockouts, name="sign-in-lockouts"),
]

urlpatterns = [
    path("accounts/", include(accounts)),
    path("healthz/", case_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("", include("cases.urls")),
    path("allocation/", include("allocation.urls")),
    path("screening/", include("screening.urls")),
    path("interventions/", include("interventions.urls")),
    path("handover/", include("handover.urls")),
    path("planning/", include("planning.urls")),
    path("quality/", include("quality.urls")),
    path("feeds/", include("feeds.urls")),
]

# The 500 page is drawn without the database (the 400, 403 and 404 pages are templates).
handler500 = "cases.views.errors.server_error"
