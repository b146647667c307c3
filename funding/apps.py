from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Special outreach funds")
    # Secretary menu entry: (url name, label, view-name prefix that marks it active); the final
    # fund reports are a tab on the funds pages (templates/funding/tabs.html).
    nav_items = [("funding:fund_list", _("Special funds"), "funding:")]

    def ready(self):
        from . import filings  # noqa: F401  registers the app's filing types
