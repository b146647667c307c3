from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocietiesConfig(AppConfig):
    name = "societies"
    verbose_name = _("Societies")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .accounts import session_stamp_sign_in

        user_logged_in.connect(session_stamp_sign_in, dispatch_uid="societies.session_stamp_sign_in")
