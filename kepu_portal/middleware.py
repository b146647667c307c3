"""Middleware of the portal as a whole."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
