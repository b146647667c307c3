"""``{{ amount|yuan }}``: a Decimal amount with thousands separators and two places, never via float."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def yuan(value) -> str:
    if value is None or value == "":
        return "—"
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return f"{amount.quantize(Decimal('0.01')):,}"
