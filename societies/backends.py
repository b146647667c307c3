"""Authentication backend of the portal."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PortalBackend(ModelBackend):
    """Django's model backend, loading the signed-in user's society with the user.

    Nearly every page shows or scopes by ``request.user.society``; joined here it costs nothing,
    where a lazy load was one more query on every request.
    """

    def get_user(self, user_id):
        user = get_user_model()._default_manager.select_related("society").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
