"""``PlainSelect`` renders what Django's ``Select`` renders, without a template per option."""

import re

import pytest
from django import forms

from societies.framework.widgets import PlainSelect

CHOICES = [("", "全部"), ("draft", "草稿"), ("x<y", 'a "quoted" <b>label</b>'), (3, "三")]


def _normalise(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("value", [None, "", "draft", "x<y", 3, "3", "missing"])
def test_same_markup_as_django_select(value):
    attrs = {"class": "form-select", "id": "id_status"}
    django = forms.Select(attrs={"class": "form-select"}, choices=CHOICES).render("status", value, {"id": "id_status"})
    plain = PlainSelect(attrs={"class": "form-select"}, choices=CHOICES).render("status", value, {"id": "id_status"})
    assert _normalise(plain) == _normalise(django)
    assert attrs["id"] in plain


def test_escapes_values_and_labels():
    html = PlainSelect(choices=CHOICES).render("s", "x<y")
    assert '<option value="x&lt;y" selected>a &quot;quoted&quot; &lt;b&gt;label&lt;/b&gt;</option>' in html
    assert "<b>" not in html


def test_in_a_bound_form_keeps_the_choice():
    class Filter(forms.Form):
        status = forms.ChoiceField(choices=CHOICES, required=False, widget=PlainSelect)

    html = str(Filter({"status": "draft"})["status"])
    assert '<option value="draft" selected>草稿</option>' in html
    assert html.count(" selected") == 1
    assert 'name="status"' in html
    assert 'id="id_status"' in html
