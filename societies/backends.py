"""Authentication backends of the portal."""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .framework.notifications import unread_count_expr


class PortalBackend(ModelBackend):
    """Django's model backend, loading the signed-in user's society with the user.

    Nearly every page shows or scopes by ``request.user.society``; joined here it costs nothing,
    where a lazy load was one more query on every request.
    """

    def get_user(self, user_id):
        # The bell's unread count comes with the user too (a subquery on an index), not as a query of its own.
        users = get_user_model()._default_manager.select_related("society")
        users = users.annotate(unread_notifications=unread_count_expr())
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class LockoutBackend(AxesStandaloneBackend):
    """django-axes's lockout check, first in ``AUTHENTICATION_BACKENDS``.

    Axes needs the request (the lockout is per username and address). Every sign-in over HTTP —
    the portal's and the admin's login forms — passes it; a call without one (the test client's
    ``login()``, a shell) has no address to lock, so this backend steps aside and the next one
    authenticates as usual, where axes would raise instead.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
