"""The portal's admin site: Django's, with its titles, no sidebar, the app list built only
when a page shows it, and the second factor required where ``ADMIN_MFA`` asks for it.

Django's ``each_context`` builds the app list for every admin page — a permission check and two
URL reversals per registered model — for the navigation sidebar. This site has no sidebar (the
review changelists have ten columns and the sidebar squeezed them to a word per line at 1400 px),
so only the index and the app pages show the list; elsewhere it is never built. Installed as the
default site by ``PortalAdminConfig`` (``INSTALLED_APPS``), so ``admin.site`` is this one.

Every write made in the admin (any POST: a change form, a delete, a review action) moves the
shared cache's public pages and figures to a new generation once it is done (``societies.framework.cache``):
staff edit societies, commendations, themes, bases and deadlines here, all of which those pages show.
"""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.decorators import login_not_required
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from societies.framework.cache import FIGURES, PUBLIC, cache_bump


class PortalAdminSite(admin.AdminSite):
    site_header = _("Guangxi Society Science Outreach Portal — administration")
    site_title = _("Science outreach portal")
    index_title = _("Review and administration")
    enable_nav_sidebar = False

    # This module is imported while the apps load (PortalAdminConfig), before models can be: the
    # second factor's helpers are imported when first used.

    def has_permission(self, request):
        """Django's check, and the second factor passed in this session when it is required."""
        from societies.mfa import mfa_pending

        return super().has_permission(request) and not mfa_pending(request)

    @login_not_required
    def login(self, request, extra_context=None):
        from societies.account_views import mfa_redirect
        from societies.mfa import mfa_pending

        # Signed in but refused for want of the second factor: ask for it, not for the password.
        if request.user.is_authenticated and request.user.is_active and mfa_pending(request):
            next_url = request.POST.get("next") or request.GET.get("next") or reverse("admin:index")
            return mfa_redirect(request, next_url)
        return super().login(request, extra_context)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)  # keeps what Django marked on it (login_not_required, csrf_exempt…)
        def wrapper(request, *args, **kwargs):
            try:
                return inner(request, *args, **kwargs)
            finally:
                if request.method not in ("GET", "HEAD", "OPTIONS"):
                    cache_bump(PUBLIC, FIGURES)  # the view's transactions are committed by now

        return wrapper

    def get_app_list(self, request, app_label=None):
        """Django's app list, built when a template first reads it."""
        return SimpleLazyObject(lambda: super(PortalAdminSite, self).get_app_list(request, app_label))


class PortalAdminConfig(AdminConfig):
    default_site = "kepu_portal.admin_site.PortalAdminSite"

    def ready(self):
        super().ready()  # autodiscover: every installed app's admin module is imported by now
        guard_date_hierarchies(admin.site)


def guard_date_hierarchies(site) -> None:
    """Every list with a date hierarchy, the portal's or a library's (axes, celery beat), gets the
    changelist that treats a year Python cannot hold as an invalid filter instead of a 500."""
    from societies.framework.admin import GuardedChangeListMixin

    for model, model_admin in list(site._registry.items()):
        if model_admin.date_hierarchy and not isinstance(model_admin, GuardedChangeListMixin):
            guarded = type(f"Guarded{type(model_admin).__name__}", (GuardedChangeListMixin, type(model_admin)), {})
            site.unregister(model)
            site.register(model, guarded)
