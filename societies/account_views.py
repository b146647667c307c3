"""Account pages: sign-in, password reset and the admin's second factor.

The login URLs stay Django's (``/accounts/login/``, ``/admin/login/``); django-axes watches both
(``societies.accounts``). A user who still owes the second factor is sent to ``mfa_verify`` (or
``mfa_setup`` to enrol) after signing in and whenever the admin refuses them for it.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .accounts import PortalPasswordResetForm
from .mfa import (
    mfa_enrol_confirm,
    mfa_has_authenticator,
    mfa_may_enrol,
    mfa_must_enrol,
    mfa_pending,
    mfa_pending_device,
    mfa_recovery_codes_issue,
    mfa_recovery_codes_left,
    mfa_verify,
    qr_data_uri,
    secret_for_typing,
)

logger = logging.getLogger(__name__)


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else default


def mfa_redirect(request, next_url: str):
    """Where a user who owes the second factor goes: enrolment if they have none, else the code."""
    name = "mfa_verify" if mfa_has_authenticator(request.user) or not mfa_must_enrol(request.user) else "mfa_setup"
    return redirect(f"{reverse(name)}?{urlencode({'next': next_url})}")


class LoginView(auth_views.LoginView):
    """Django's sign-in; staff who owe the second factor go on to it before anything else."""

    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if mfa_pending(self.request):
            return mfa_redirect(self.request, self.get_success_url())
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset request, email through the outbox; the same answer for every address."""

    form_class = PortalPasswordResetForm


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's new-password step. A new password also lifts a lockout of the account."""

    def render_to_response(self, context, **response_kwargs):
        if not self.validlink:  # used, expired or made up: there is no such page (the page says why)
            response_kwargs.setdefault("status", 404)
        return super().render_to_response(context, **response_kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        AxesProxyHandler.reset_attempts(username=form.user.get_username())
        logger.info("Password reset by email for user %s", form.user.pk)
        return response


class CodeForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "text"}),
    )


def _require_may_enrol(request):
    if not mfa_may_enrol(request.user):
        raise Http404


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def mfa_verify_view(request):
    """Enter a code from the authenticator app, or a recovery code, to use the admin."""
    _require_may_enrol(request)
    next_url = _safe_next(request, reverse("admin:index"))
    if not mfa_has_authenticator(request.user) and not mfa_recovery_codes_left(request.user):
        return redirect(f"{reverse('mfa_setup')}?{urlencode({'next': next_url})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verified, throttled = mfa_verify(request=request, token=form.cleaned_data["token"])
        if verified:
            logger.info("Second factor passed by user %s", request.user.pk)
            return redirect(next_url)
        logger.warning("Second factor failed for user %s (throttled: %s)", request.user.pk, throttled)
        if throttled:
            form.add_error("token", _("Too many wrong codes: wait a minute, then try again."))
        else:
            form.add_error("token", _("This code is not right, or was already used. Try the next code of your app."))
    return render(request, "registration/mfa_verify.html", {"form": form, "next": next_url})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def mfa_setup_view(request):
    """Enrol an authenticator app with a QR code; show the recovery codes once."""
    _require_may_enrol(request)
    next_url = _safe_next(request, reverse("admin:index"))
    if mfa_has_authenticator(request.user):
        if not request.user.is_verified():
            return redirect(f"{reverse('mfa_verify')}?{urlencode({'next': request.get_full_path()})}")
        context = {"codes_left": mfa_recovery_codes_left(request.user), "next": next_url}
        return render(request, "registration/mfa_status.html", context)
    device = mfa_pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = mfa_enrol_confirm(request=request, device=device, token=form.cleaned_data["token"].strip())
        if codes is not None:
            logger.info("Authenticator enrolled by user %s", request.user.pk)
            return render(request, "registration/mfa_codes.html", {"codes": codes, "next": next_url, "new": True})
        form.add_error("token", _("This code does not match. Check the time on your phone and try the next code."))
    context = {
        "form": form,
        "qr": qr_data_uri(device),
        "secret": secret_for_typing(device),
        "next": next_url,
        "required": mfa_must_enrol(request.user),
    }
    return render(request, "registration/mfa_setup.html", context)


@never_cache
@require_http_methods(["POST"])
def mfa_recovery_codes_view(request):
    """Replace the recovery codes (only in a session that passed the second factor)."""
    _require_may_enrol(request)
    if not mfa_has_authenticator(request.user) or not request.user.is_verified():
        return redirect("mfa_setup")
    codes = mfa_recovery_codes_issue(user=request.user)
    messages.success(request, _("New recovery codes were made; the old ones no longer work."))
    next_url = _safe_next(request, reverse("admin:index"))
    return render(request, "registration/mfa_codes.html", {"codes": codes, "next": next_url, "new": False})
