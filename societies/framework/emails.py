"""Emails of the portal: one function per email kind, and the one way an email leaves.

Templates live in ``templates/emails/<name>_subject.txt``, ``_body.txt`` and ``_body.html``.
An email is rendered (in Chinese) and written to the outbox in the transaction that causes it;
``societies.framework.outbox`` delivers it after commit through ``send_committing``.
"""

from __future__ import annotations

import re
import smtplib
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ..choices import Role
from .outbox import ClaimLost, OutboxEmail, outbox_email_create


def secretary_addresses(society) -> list[str]:
    """Email addresses of a society's active secretaries."""
    return sorted(
        email
        for email in society.users.filter(role=Role.SECRETARY, is_active=True).values_list("email", flat=True)
        if email
    )


def render_templated(name: str, context: dict) -> tuple[str, str, str]:
    """Render ``emails/<name>_*`` in Chinese: (one-line subject, text body, HTML body)."""
    context = {**context, "site_url": settings.SITE_URL}
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
        text = render_to_string(f"emails/{name}_body.txt", context)
        html = render_to_string(f"emails/{name}_body.html", context)
    return subject, text, html


def queue_templated(name: str, context: dict, *, to: list[str], cc: list[str] | None = None) -> OutboxEmail | None:
    """Render ``emails/<name>_*`` and write it to the outbox (sent after commit); None without recipients."""
    if not to:
        return None
    subject, text, html = render_templated(name, context)
    return outbox_email_create(kind=name, subject=subject, body=text, html=html, to=to, cc=cc or [])


def queue_filing_status_email(*, filing) -> OutboxEmail | None:
    """Tell a society's secretaries that one of its filings changed state.

    Called inside the transition's transaction, so the email says what happened at that moment
    and is sent only if the change commits.
    """
    context = {
        "filing": filing,
        "kind": filing._meta.verbose_name,
        "status": filing.get_status_display(),
        "returned": filing.status == "returned",
        "comment": filing.review_comment,
        "society": filing.society,
        "url": settings.SITE_URL + filing.get_absolute_url(),
    }
    return queue_templated("filing_status", context, to=secretary_addresses(filing.society))


def queue_password_email(name: str, *, user, uid: str = "", token: str = "", to: str = "") -> OutboxEmail | None:
    """Email a user the one-time link that sets their password; None if they have no address.

    ``name`` is ``password_reset`` (they asked for it) or ``account_created`` (staff made the
    account; the link sets the first password). The link works once — the token is bound to the
    password it replaces — and for ``PASSWORD_RESET_TIMEOUT``. The outbox hides such emails'
    bodies from the admin and removes the link once sent (``outbox.SECRET_KINDS``).
    """
    uid = uid or urlsafe_base64_encode(force_bytes(user.pk))
    token = token or default_token_generator.make_token(user)
    context = {
        "user": user,
        "username": user.get_username(),
        "url": settings.SITE_URL + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token}),
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    address = to or user.email
    return queue_templated(name, context, to=[address] if address else [])


_LEADING_DOT = re.compile(rb"(?m)^\.")


def send_committing(message: EmailMessage, *, commit: Callable[[], bool]) -> None:
    """Send ``message``; ``commit()`` records it as sent and returns False if we lost the claim.

    With SMTP the message is committed at the server only by the final ``.`` of the DATA
    command. We call ``commit()`` just before that dot: a process killed before it leaves no
    message at the server (the connection drops mid-DATA, the server discards it) and the row is
    not marked sent, so it is retried; a lost claim closes the connection without the dot.
    Other backends (console, locmem) cannot fail half-way: they send, then commit.

    Raises ``ClaimLost`` or the backend's error; after ``commit()`` only if the server then
    refused the message (the caller undoes the mark and retries).
    """
    connection = get_connection()
    if not isinstance(connection, SMTPBackend):
        connection.send_messages([message])
        if not commit():
            raise ClaimLost()
        return
    encoding = message.encoding or settings.DEFAULT_CHARSET
    sender = sanitize_address(message.from_email, encoding)
    recipients = [sanitize_address(address, encoding) for address in message.recipients()]
    data = _LEADING_DOT.sub(b"..", message.message().as_bytes(linesep="\r\n"))
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    connection.open()
    smtp = connection.connection
    finished = False
    try:
        smtp.ehlo_or_helo_if_needed()
        code, reply = smtp.mail(sender)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, reply, sender)
        refused = {}
        for recipient in recipients:
            code, reply = smtp.rcpt(recipient)
            if code not in (250, 251):
                refused[recipient] = (code, reply)
        if len(refused) == len(recipients):
            raise smtplib.SMTPRecipientsRefused(refused)
        code, reply = smtp.docmd("data")
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        smtp.send(data)
        if not commit():
            raise ClaimLost()
        smtp.send(b".\r\n")
        code, reply = smtp.getreply()
        if code != 250:
            raise smtplib.SMTPDataError(code, reply)
        finished = True
    finally:
        if finished:
            connection.close()
        else:
            # Drop the connection without QUIT: mid-DATA, a QUIT would become part of the message.
            smtp.close()
            connection.connection = None
