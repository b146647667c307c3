"""Signing in safely: the brute-force lockout's hooks, and password reset through the outbox.

- **Lockout** (django-axes, configured in settings): ``client_ip`` says which address a request
  comes from (behind the TLS proxy, the address the proxy saw); ``lockout_response`` answers a
  locked-out sign-in with the same login page, portal's or admin's, and a Chinese message naming
  when to try again.
- **Password reset**: ``PortalPasswordResetForm`` is Django's form, with the email written to
  the outbox (sent after commit, like every email of the portal) and accounts still waiting for
  their first password included, so a new user whose set-password link expired can ask again.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.db.models import Max
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .framework.emails import queue_password_email


def client_ip(request) -> str | None:
    """The address a request comes from, as the lockout counts it.

    Behind the TLS proxy (``BEHIND_TLS_PROXY``) every request comes from the proxy; the client is
    the last address the proxy appended to ``X-Forwarded-For`` (whatever the client put before it
    is its own claim, so it is never used).
    """
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR")


def locked_until(*, username: str | None, ip_address: str | None):
    """When the lockout of this username from this address ends (None if nothing is recorded)."""
    from axes.models import AccessAttempt

    last = AccessAttempt.objects.filter(username=username, ip_address=ip_address).aggregate(at=Max("attempt_time"))
    return last["at"] + settings.AXES_COOLOFF_TIME if last["at"] else None


def lockout_message(until) -> str:
    if until is None:
        return _("Too many failed sign-ins. Please try again later.")
    minutes = max(1, round((until - timezone.now()).total_seconds() / 60))
    return _(
        "Too many failed sign-ins for this account from your network: it is locked here until %(time)s "
        "(in about %(minutes)d minutes). Try again then, reset your password, or ask the association's "
        "staff to unlock it."
    ) % {"time": date_format(timezone.localtime(until), "H:i"), "minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """django-axes's answer to a locked-out sign-in: the login page it came from, with the reason.

    The portal's and the admin's login views answer with a ``TemplateResponse``: it is rendered
    again with its form showing only the lockout message (status 429). Anything else gets the
    portal's login page.
    """
    username = getattr(request, "POST", {}).get("username") or (credentials or {}).get("username")
    message = lockout_message(locked_until(username=username, ip_address=getattr(request, "axes_ip_address", None)))
    context = dict(getattr(original_response, "context_data", None) or {})
    form = context.get("form")
    if isinstance(form, forms.Form):
        form.errors.clear()
        form.add_error(None, message)
    template = getattr(original_response, "template_name", None) or "registration/login.html"
    if form is None:
        context["lockout_message"] = message
    response = TemplateResponse(request, template, context, status=429)
    return response.render()


class PortalPasswordResetForm(PasswordResetForm):
    """Django's password reset form; the email goes through the outbox, in Chinese.

    The view answers the same whatever the address (no account enumeration); an email goes
    only to active accounts with that address.
    """

    def get_users(self, email):
        # Django skips accounts without a usable password; here those are new accounts that have
        # not set theirs yet (no other sign-in exists), and they may ask for a new link.
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (user for user in users if user.email.casefold() == email.casefold())

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        queue_password_email(
            "password_reset",
            user=context["user"],
            uid=context["uid"],
            token=context["token"],
            to=to_email,
        )


# Sessions: when the user signed in and when they were last seen, as Unix seconds in the session.
SIGNED_IN_AT = "kepu_signed_in_at"
LAST_SEEN_AT = "kepu_last_seen_at"


def session_idle_limit(user) -> int:
    """Seconds without a request after which the user is signed out: a working day for
    secretaries, much less for staff and city reviewers, whose accounts reach every society."""
    if user.is_secretary and not user.is_staff and not user.is_superuser:
        return settings.SESSION_IDLE_MINUTES_SECRETARY * 60
    return settings.SESSION_IDLE_MINUTES_STAFF * 60


def session_stamp_sign_in(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: start the session's clocks (Django has already given it a new key)."""
    if request is None or not hasattr(request, "session"):
        return
    now = int(timezone.now().timestamp())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now
