"""Template context shared by every portal page."""

from django.apps import apps


def navigation(request):
    """The secretary menu: each app lists its pages as ``nav_items`` on its AppConfig.

    An item is ``(url name, label, active prefix)``; the prefix of the current view name marks it
    active. Apps come in INSTALLED_APPS order, so the menu follows the layering.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_secretary:
        return {"portal_nav": []}
    items = []
    for config in apps.get_app_configs():
        items.extend(getattr(config, "nav_items", ()))
    return {"portal_nav": items}
