"""Second factor for the admin (django-otp): an authenticator app (TOTP) and recovery codes.

Who must use it: with ``ADMIN_MFA`` on, association staff and superusers cannot use the admin
until they have enrolled an authenticator and entered one of its codes in this session; a city
reviewer may enrol too, and from then on is asked the same way. With ``ADMIN_MFA`` off nobody
is asked. Devices are django-otp's ``TOTPDevice`` (confirmed once the first code matched) and a
``StaticDevice`` holding single-use recovery codes; django-otp throttles wrong codes per device.
"""

from __future__ import annotations

import secrets

import segno
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .choices import Role

RECOVERY_DEVICE_NAME = "recovery"
AUTHENTICATOR_NAME = "authenticator"


def mfa_must_enrol(user) -> bool:
    """Staff and superusers must have a second factor for the admin (when ``ADMIN_MFA`` is on)."""
    return bool(
        settings.ADMIN_MFA
        and user.is_authenticated
        and user.is_staff
        and (user.is_superuser or user.role == Role.ASSOCIATION)
    )


def mfa_may_enrol(user) -> bool:
    """Who may enrol: anyone who uses the admin (staff, superusers, city reviewers)."""
    return user.is_authenticated and user.is_active and user.is_staff


def mfa_pending(request) -> bool:
    """True if this session must still pass the second factor before using the admin."""
    user = request.user
    if not settings.ADMIN_MFA or not user.is_authenticated or not user.is_staff:
        return False
    # ``is_verified`` comes from django-otp's middleware; the user object that ``login()`` has
    # just put on the request has not passed it, and a fresh sign-in is not verified anyway.
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return False
    if mfa_must_enrol(user):
        return True
    # A city reviewer is asked only if they enrolled. The admin checks permission several times
    # a page: look the devices up once per request.
    known = request.__dict__.setdefault("_mfa_has_device", {})
    if user.pk not in known:
        known[user.pk] = user_has_device(user)
    return known[user.pk]


def mfa_has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def mfa_pending_device(user) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled (made on first need; its key kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def qr_data_uri(device: TOTPDevice) -> str:
    """The ``otpauth://`` address of the device as an SVG QR code, for an ``<img>``."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def secret_for_typing(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for an app that cannot scan."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _new_code() -> str:
    # 10 characters of a 32-letter alphabet without look-alikes: 50 bits, enough for a code that
    # works once and sits behind the password and the device's throttling.
    alphabet = "23456789abcdefghjkmnpqrstuvwxyz"
    return "".join(secrets.choice(alphabet) for _ in range(10))


@transaction.atomic
def mfa_recovery_codes_issue(*, user) -> list[str]:
    """Replace the user's recovery codes with a fresh set and return them (shown once).

    Side effects: creates the user's recovery ``StaticDevice`` if missing; deletes its old
    tokens and stores ``MFA_RECOVERY_CODES`` new ones.
    """
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [_new_code() for _ in range(settings.MFA_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def mfa_recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def mfa_enrol_confirm(*, request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm an authenticator with its first code; returns the new recovery codes, or None.

    Side effects on success: the device is confirmed, other unconfirmed ones deleted, recovery
    codes issued, and the session marked as verified with a new session key.
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=request.user, confirmed=False)
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
    codes = mfa_recovery_codes_issue(user=request.user)
    _verified(request, device)
    return codes


def mfa_verify(*, request, token: str) -> tuple[bool, bool]:
    """Check a code from the authenticator or a recovery code; returns (verified, throttled).

    Side effects: a wrong code counts against each device's throttle (django-otp: an
    increasing wait after each failure); a recovery code is deleted when used; on success the
    session is marked as verified and gets a new key.
    """
    token = "".join(token.split()).lower()
    # Six digits are the authenticator's; anything else can only be a recovery code. Trying a
    # code on the other kind of device would count a failure against it for nothing.
    kind = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    throttled = False
    with transaction.atomic():
        for device in devices_for_user(request.user, for_verify=True):
            if not isinstance(device, kind):
                continue
            allowed, _ = device.verify_is_allowed()
            if not allowed:
                throttled = True
                continue
            if device.verify_token(token):
                _verified(request, device)
                return True, False
    return False, throttled


def _verified(request, device) -> None:
    otp_login(request, device)
    request.session.cycle_key()  # a session that gained a privilege gets a new key
