"""Template helpers shared by every app's pages."""

from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from societies.framework.links import fixed_url
from societies.framework.workflow import FilingStatus

register = template.Library()


@cache
def _labels(field, language: str) -> dict:
    # The choice labels translated once per language: a lazy label costs a catalogue lookup each
    # time it is printed, and a 50-row list prints a few hundred.
    return {value: str(text) for value, text in field.flatchoices}


@register.filter
def label(obj, field_name: str):
    """A choice field's label, like ``get_<field>_display`` without re-flattening the choices on
    every call (which cost a 50-row list ~15 ms)."""
    field = obj._meta.get_field(field_name)
    value = getattr(obj, field.attname)
    return _labels(field, get_language()).get(value, value)


@lru_cache(maxsize=64)  # statuses × languages; bounded should a stray value come from the database
def _status_pill(status: str, language: str) -> str:
    try:
        text = FilingStatus(status).label
    except ValueError:
        text = status
    return format_html('<span class="badge rounded-pill status-badge status-{}">{}</span>', status, text)


@register.simple_tag
def status_badge(filing_or_status):
    """The coloured status pill of a filing, or of a ``FilingStatus`` value, built once per status
    and language. Only for filings: another model's ``status`` has other labels."""
    return _status_pill(getattr(filing_or_status, "status", filing_or_status), get_language())


@register.simple_tag(name="fixed_url")
def fixed_url_tag(viewname: str) -> str:
    """``{% url viewname %}`` for a view without arguments, reversed once per process
    (``societies.framework.links``)."""
    return fixed_url(viewname)


@register.filter
def figure(value) -> str:
    """``{{ count|figure }}``: a whole number with thousands separators (186,531), whatever the language."""
    if value is None or value == "":
        return "—"
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)


@register.filter
def yuan(value) -> str:
    """``{{ amount|yuan }}``: a Decimal amount with thousands separators and two places, never via float."""
    if value is None or value == "":
        return "—"
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return f"{amount.quantize(Decimal('0.01')):,}"


@register.filter
def growth(value) -> str:
    """``{{ row.activities_growth|growth }}``: a change in percent with its sign (+12.5%), "—" when
    there is nothing to compare with."""
    if value is None or value == "":
        return "—"
    return f"{value:+.1f}%".replace("-", "−")


@register.filter
def percent(value) -> str:
    """``{{ ratio|percent }}``: a share in percent as computed (22.5%, 0.04%), "—" when there is none."""
    if value is None or value == "":
        return "—"
    return f"{value}%"


@register.simple_tag
def unread_notifications(user) -> int:
    """The bell's count: loaded with the user by ``PortalBackend`` (no query); counted otherwise."""
    count = getattr(user, "unread_notifications", None)
    if count is None:
        from societies.framework.notifications import Notification

        count = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return count


@register.simple_tag
def print_links(filing, admin=False):
    """Links to a filing's print page and PDF (``societies.framework.printing``); nothing if it has none."""
    from django.utils.translation import gettext

    from societies.framework.printing import print_urls

    urls = print_urls(filing)
    if urls is None:
        return ""
    if admin:
        return format_html(
            '<li><a href="{}" target="_blank" rel="noopener">{}</a></li><li><a href="{}">{}</a></li>',
            urls[0], gettext("Print"), urls[1], gettext("PDF"),
        )  # fmt: skip
    return format_html(
        '<a class="btn btn-outline-secondary" href="{}" target="_blank" rel="noopener">'
        '<i class="bi bi-printer" aria-hidden="true"></i> {}</a>'
        '<a class="btn btn-outline-secondary" href="{}">'
        '<i class="bi bi-file-earmark-pdf" aria-hidden="true"></i> {}</a>',
        urls[0], gettext("Print"), urls[1], gettext("PDF"),
    )  # fmt: skip
