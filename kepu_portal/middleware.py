"""Middleware of the portal as a whole."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import timezone, translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Chinese for everyone unless the user picked another language with the footer switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, but many office PCs run
    English-language browsers while their users expect the portal in Chinese; so only the
    language cookie (set by the switch) counts.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()


class SessionTimeoutMiddleware:
    """Sign a user out after a spell without requests, and at the latest a fixed time after sign-in.

    The limits (``SESSION_IDLE_MINUTES_STAFF``, ``SESSION_IDLE_MINUTES_SECRETARY``,
    ``SESSION_ABSOLUTE_HOURS``) are checked on the server, whatever the cookie says. The
    last-seen time is written at most once a minute: writing the session on every request would
    cost every page an UPDATE. A signed-out user is then treated as anonymous: the login page
    (with a message saying why) for a page that needs a login.
    """

    TOUCH_EVERY_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._check(request, user)
        return self.get_response(request)

    def _check(self, request, user) -> None:
        from django.contrib import messages
        from django.contrib.auth import logout
        from django.utils.translation import gettext as _

        from societies.accounts import LAST_SEEN_AT, SIGNED_IN_AT, session_idle_limit

        session = request.session
        now = int(timezone.now().timestamp())
        signed_in = session.setdefault(SIGNED_IN_AT, now)  # a session from before this check existed
        seen = session.get(LAST_SEEN_AT, now)
        idle_limit = session_idle_limit(user)
        if now - seen > idle_limit:
            logout(request)
            messages.info(
                request,
                _("You were signed out after %(minutes)d minutes without activity. Please sign in again.")
                % {"minutes": idle_limit // 60},
            )
        elif now - signed_in > settings.SESSION_ABSOLUTE_HOURS * 3600:
            logout(request)
            messages.info(
                request,
                _("You were signed out %(hours)d hours after signing in. Please sign in again.")
                % {"hours": settings.SESSION_ABSOLUTE_HOURS},
            )
        elif now - seen >= self.TOUCH_EVERY_SECONDS or LAST_SEEN_AT not in session:
            session[LAST_SEEN_AT] = now
