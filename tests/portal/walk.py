"""Objects of the portal app for the URL walk (see tests/test_url_walk.py)."""

from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.factories import SecretaryFactory
from tests.walk import MARKER


def _reset_link(society):
    """Another user's password-reset link, with a token the walker cannot know: no such page."""
    user = SecretaryFactory(society=society, first_name=MARKER)
    token = "d2k1xy-0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    return user, {"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": token}


OWNED_OBJECTS = {
    # The admin's scorecard of a society: society B itself (a secretary is sent to the admin login).
    "scorecard": lambda society: (society, {"pk": society.pk}),
    "password_reset": _reset_link,
}
# Asking for a reset link and being told to check the mail need no sign-in; the health endpoints
# answer without signing in and show no records.
PUBLIC_PAGES = {"password_reset", "password_reset_done", "password_reset_complete", "healthz", "readyz"}
