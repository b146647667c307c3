import os

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from . import health, views

urlpatterns = [
    # For the load balancer and systemd: alive, and ready to serve (kepu_portal/health.py).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
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

# bench/run's reference pages (kepu_portal/bench_views.py): login-free, so mounted only when the
# benchmark asks for them with BENCH_VIEWS=1, and unnamed so nothing links to them.
if os.environ.get("BENCH_VIEWS") == "1":
    from . import bench_views

    urlpatterns += [
        path("bench/plain/", bench_views.plain),
        path("bench/rows/", bench_views.rows),
        path("bench/layout/", bench_views.layout),
        path("bench/layout-rows/", bench_views.layout_rows),
    ]
