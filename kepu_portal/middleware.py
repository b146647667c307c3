"""Middleware of the portal as a whole."""

from django.conf import settings
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
