from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.contrib.auth.decorators import login_not_required

from . import views
from django.views.i18n import set_language

admin.site.site_header = _("Guangxi Society Science Outreach Portal — administration")
admin.site.site_title = _("Science outreach portal")
admin.site.index_title = _("Review and administration")

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # The language switch must work on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("societies.urls")),
    path("", include("activities.urls")),
    path("", include("funding.urls")),
    path("", include("bases.urls")),
]
