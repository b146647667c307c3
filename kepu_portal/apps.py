from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "kepu_portal"
    verbose_name = _("Portal")

    def ready(self):
        # The Celery signal handlers of the request/task log lines, in web and worker processes.
        from . import logs  # noqa: F401
