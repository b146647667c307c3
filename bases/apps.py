from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BasesConfig(AppConfig):
    name = "bases"
    verbose_name = _("Science education bases")
    # Secretary menu entries: (url name, label, view-name prefix that marks it active).
    # Secretary menu entry: (url name, label, view-name prefix that marks it active); the annual
    # reports and recommendations are tabs on the bases pages (templates/bases/tabs.html).
    nav_items = [("bases:base_list", _("Education bases"), "bases:")]

    def ready(self):
        from . import filings  # noqa: F401  registers the app's filing types
