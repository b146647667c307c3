
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from societies import account_views

from . import health, views

urlpatterns = [
    # For the load balancer and systemd: alive, and ready to serve (kepu_portal/health.py).
    path("healthz", health.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says; the pages link the SVG one.
    path("favicon.ico", views.favicon),
    path("readyz", health.readyz, name="readyz"),
    path("", views.home, name="home"),
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password/reset/", account_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # The admin's login page links to "admin_password_reset" when it exists.
    path(
        "admin/password_reset/",
        login_not_required(RedirectView.as_view(pattern_name="password_reset")),
        name="admin_password_reset",
    ),
    path("accounts/mfa/", account_views.mfa_setup_view, name="mfa_setup"),
    path("accounts/mfa/verify/", account_views.mfa_verify_view, name="mfa_verify"),
    path("accounts/mfa/recovery-codes/", account_views.mfa_recovery_codes_view, name="mfa_recovery_codes"),
    # The language switch must work on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/statistics/", admin.site.admin_view(views.statistics), name="statistics"),
    path("admin/scorecard/<int:pk>/", admin.site.admin_view(views.scorecard), name="scorecard"),
    path("admin/", admin.site.urls),
    path("", include("societies.urls")),
    path("", include("activities.urls")),
    path("", include("funding.urls")),
    path("", include("bases.urls")),
]

# bench/run's reference pages (bench/views.py): login-free, so mounted only when the benchmark
# asks for them with BENCH_VIEWS=1 (settings.BENCH_VIEWS), and unnamed so nothing links to them.
if settings.BENCH_VIEWS:
    urlpatterns += [path("bench/", include("bench.urls"))]
