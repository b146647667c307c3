"""Template context shared by every portal page."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

# The public pages (no login), in menu order: shown to visitors in the top bar, to users in the footer.
PUBLIC_NAV = [
    ("activities:public_calendar", _("Activity calendar"), "activities:public_"),
    ("bases:public_bases", _("Designated bases"), "bases:public_"),
    ("societies:public_honours", _("Honour roll"), "societies:public_"),
]


def navigation(request):
    """The secretary menu: each app lists its pages as ``nav_items`` on its AppConfig.

    An item is ``(url name, label, active prefix)``; the prefix of the current view name marks it
    active. Apps come in INSTALLED_APPS order, so the menu follows the layering. ``public_nav`` is
    ``PUBLIC_NAV``.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_secretary:
        return {"portal_nav": [], "public_nav": PUBLIC_NAV}
    items = []
    for config in apps.get_app_configs():
        items.extend(getattr(config, "nav_items", ()))
    return {"portal_nav": items, "public_nav": PUBLIC_NAV}
