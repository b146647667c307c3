from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Outreach plans and activities")
    # Secretary menu entries: (url name, label, view-name prefix that marks it active).
    nav_items = [
        ("activities:plan_list", _("Plans"), "activities:plan"),
        ("activities:activity_list", _("Activities"), "activities:activity"),
        ("activities:summary_list", _("Yearly summaries"), "activities:summary"),
    ]

    def ready(self):
        from . import filings  # noqa: F401  registers the app's filing types
