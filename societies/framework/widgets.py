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


class SearchSelectMultiple(forms.SelectMultiple):
    """A multiple choice searched as one types (Tom Select, ``static/js/picker.js``), for a list
    too long to print (every society): only the chosen options are in the page; the others come
    from ``search_url`` (JSON ``{"results": [{"value", "text"}]}``). The field's queryset still
    decides what may be chosen."""

    def __init__(self, *, search_url: str, attrs=None):
        super().__init__(attrs={**(attrs or {}), "class": "form-select search-picker", "data-search-url": search_url})

    def optgroups(self, name, value, attrs=None):
        chosen = {str(v) for v in value if v not in ("", None)}
        queryset = getattr(self.choices, "queryset", None)
        if queryset is not None:
            # The chosen rows only: printing every society as an option is what this widget avoids.
            rows = queryset.filter(pk__in=[v for v in chosen if v.isdigit()]) if chosen else queryset.none()
            choices = [(row.pk, str(row)) for row in rows]
        else:
            choices = [(v, label) for v, label in self.choices if str(v) in chosen]
        groups = []
        for index, (option_value, label) in enumerate(choices):
            option = self.create_option(name, option_value, label, True, index, attrs=attrs)
            groups.append((None, [option], index))
        return groups
