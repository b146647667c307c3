"""``label`` and ``status_badge`` print what Django prints, in the language of the request,
though each builds its text once per language."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from activities.models import Activity
from societies.choices import City
from societies.framework.workflow import FilingStatus


def _render(source: str, **context) -> str:
    return Template("{% load portal %}" + source).render(Context(context))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_label_is_get_display_in_each_language(language):
    activity = Activity(city=City.LIUZHOU, status=FilingStatus.RETURNED)
    with translation.override(language):
        assert _render("{{ a|label:'city' }}", a=activity) == activity.get_city_display()
        assert _render("{{ a|label:'status' }}", a=activity) == activity.get_status_display()


def test_label_follows_a_language_switch():
    activity = Activity(status=FilingStatus.RETURNED)
    with translation.override("zh-hans"):
        chinese = _render("{{ a|label:'status' }}", a=activity)
    with translation.override("en"):
        english = _render("{{ a|label:'status' }}", a=activity)
    assert english == "Returned for revision"
    assert chinese != english


def test_label_of_a_value_outside_the_choices_is_the_value_escaped():
    activity = Activity(city="<x>")
    assert _render("{{ a|label:'city' }}", a=activity) == "&lt;x&gt;"


@pytest.mark.parametrize("status", list(FilingStatus))
def test_status_badge_of_a_filing_and_of_a_status_value(status):
    with translation.override("en"):
        by_filing = _render("{% status_badge a %}", a=Activity(status=status))
        by_value = _render("{% status_badge s %}", s=status.value)
        expected = f'<span class="badge rounded-pill status-badge status-{status.value}">{status.label}</span>'
    assert by_filing == by_value == expected


def test_status_badge_in_each_language():
    with translation.override("en"):
        english = _render("{% status_badge s %}", s="approved")
    with translation.override("zh-hans"):
        chinese = _render("{% status_badge s %}", s="approved")
    assert ">Approved<" in english
    assert ">Approved<" not in chinese


def test_status_badge_escapes_an_unknown_value():
    assert _render("{% status_badge s %}", s='"><script>') == (
        '<span class="badge rounded-pill status-badge status-&quot;&gt;&lt;script&gt;">&quot;&gt;&lt;script&gt;</span>'
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("1234567.5"), "1,234,567.50"),
        (1500, "1,500.00"),
        ("88.8", "88.80"),
        (None, "—"),
        ("", "—"),
        ("not money", "not money"),
    ],
)
def test_yuan(value, shown):
    assert _render("{{ v|yuan }}", v=value) == shown


def test_figure_groups_thousands_whatever_the_language():
    from django.utils import translation

    from societies.templatetags.portal import figure

    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert figure(1234567) == "1,234,567"
    assert figure(0) == "0" and figure(None) == "—"
