"""Middleware of the portal as a whole."""

import logging
import sys

from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.signals import got_request_exception
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections, transaction
from django.dispatch import receiver
from django.middleware.locale import LocaleMiddleware
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

# Methods that only read: never wrapped in a transaction, and served again after a lost connection.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


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


class RejectNulMiddleware:
    """A NUL character anywhere in the query string is a bad request (400), before any view runs.

    No page of the portal has a use for it, and PostgreSQL refuses it in every text value, so
    a NUL that reached a filter, a search or a lookup (the admin's lists, say) was a server
    error. Form data is left to the forms: their text fields refuse NUL with a message.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            raise BadRequest("NUL character in the query string")
        return self.get_response(request)


@receiver(got_request_exception)
def _note_database_error(sender, request=None, **kwargs):
    """Mark a request that failed on a database error (the handler turns it into a 500 page)."""
    if request is not None and isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        request.database_error = True


def _lost_connections() -> list:
    """The database connections of this thread that are gone (closed by a failed rollback, or unusable)."""
    return [c for c in connections.all(initialized_only=True) if c.connection is None or not c.is_usable()]


class RetryReadOnLostConnectionMiddleware:
    """A read (GET, HEAD…) whose database connection died mid-way is served again, once, on a new one.

    Django checks a persistent connection at the first query of each request (``CONN_HEALTH_CHECKS``),
    so a connection that died between requests is replaced; one that dies during a request — the
    database restarted, a failover, an idle-session killer — fails that request's next query. A read
    changed nothing, so it is simply run again on a fresh connection; a write is never repeated (it
    may have been committed): it ends on the error page, its transaction rolled back
    (``AtomicWritesMiddleware``). Placed above the session and authentication middleware, which run
    again too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code >= 500 and getattr(request, "database_error", False) and request.method in READ_METHODS:
            lost = _lost_connections()
            if lost:
                for connection in lost:
                    connection.close()
                request.database_error = False
                logger.warning("Database connection lost during %s %s; serving it again", request.method, request.path)
                response = self.get_response(request)
        return response


class AtomicWritesMiddleware:
    """A request that may write runs its view in one transaction: all of it is saved, or nothing.

    Django's ``ATOMIC_REQUESTS`` for the methods that write only: reads stay out of a transaction
    (no BEGIN/COMMIT round trips on every page). A view that fails half-way — a bug, or its database
    connection killed under it — leaves nothing half-saved, and emails and tasks queued with
    ``transaction.on_commit`` go out only if it all commits. ``non_atomic_requests`` opts a view out.
    Last in ``MIDDLEWARE``: the other middleware's checks (CSRF, sign-in) run first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in READ_METHODS or DEFAULT_DB_ALIAS in getattr(view_func, "_non_atomic_requests", ()):
            return None
        with transaction.atomic():
            return view_func(request, *view_args, **view_kwargs)
