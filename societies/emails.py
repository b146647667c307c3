"""Emails about societies' filings: one function per email kind.

Templates live in ``templates/emails/<name>_subject.txt``, ``_body.txt`` and ``_body.html``.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from .choices import Role


def secretary_addresses(society) -> list[str]:
    """Email addresses of a society's active secretaries."""
    return sorted(
        email
        for email in society.users.filter(role=Role.SECRETARY, is_active=True).values_list("email", flat=True)
        if email
    )


def send_templated(name: str, context: dict, *, to: list[str], cc: list[str] | None = None) -> int:
    """Render ``emails/<name>_*`` in Chinese and send one message; returns how many were sent."""
    if not to:
        return 0
    context = {**context, "site_url": settings.SITE_URL}
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
        text = render_to_string(f"emails/{name}_body.txt", context)
        html = render_to_string(f"emails/{name}_body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to, cc=cc or [])
    message.attach_alternative(html, "text/html")
    return message.send()


def send_filing_status_email(*, filing, snapshot) -> int:
    """Tell a society's secretaries that one of its filings changed state.

    ``snapshot`` is the history row of the change, so the mail says what happened then even if
    the filing has moved on since.
    """
    context = {
        "filing": filing,
        "kind": filing._meta.verbose_name,
        "status": snapshot.get_status_display(),
        "returned": snapshot.status == "returned",
        "comment": snapshot.review_comment,
        "society": filing.society,
        "url": settings.SITE_URL + filing.get_absolute_url(),
    }
    return send_templated("filing_status", context, to=secretary_addresses(filing.society))
