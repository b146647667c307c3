"""Widgets for the pages every secretary opens many times a day."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

SELECTED = mark_safe(" selected")  # noqa: S308  a constant attribute, no user text


class PlainSelect(forms.Select):
    """A single-choice ``<select>`` built in Python: the markup of Django's ``Select`` without
    rendering a template for every option.

    Django renders each ``<option>`` through ``django/forms/widgets/select_option.html``; on a list
    page's filter bar (statuses, themes, settings) that was a third of the page's time. For flat
    choices only — option groups and ``multiple`` stay with Django's widget.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option_value, SELECTED if str(option_value) in selected else "", label)
                for option_value, label in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )
