from django import template

from ..models import Setting

register = template.Library()


@register.filter
def setting_label(key: str) -> str:
    """The translated label of a setting key stored in a figures snapshot."""
    try:
        return Setting(key).label
    except ValueError:
        return key
