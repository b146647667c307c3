"""No secretary form carries a field that the association decides (issue 12, defect 4): status of a
filing or a designation, designation level/batch/validity, the society, reviewer or decision
fields, frozen figures."""

import importlib

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from bases.models import BaseStatus, EducationBase
from societies.framework.forms import FilingForm, PortalModelForm, forbidden_form_fields
from tests.bases.factories import EducationBaseFactory

pytestmark = pytest.mark.django_db


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _secretary_forms():
    for config in apps.get_app_configs():
        try:
            importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
    return sorted({f for f in _subclasses(PortalModelForm) if f is not FilingForm and "tests" not in f.__module__},
                  key=lambda f: f.__qualname__)  # fmt: skip


def _portal_view_classes(patterns=None):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name != "admin":
                yield from _portal_view_classes(entry.url_patterns)
        elif isinstance(entry, URLPattern) and hasattr(entry.callback, "view_class"):
            yield entry.callback


SECRETARY_FORMS = _secretary_forms()


def test_every_portal_form_view_uses_a_portal_model_form():
    for view in _portal_view_classes():
        filing_type = view.view_initkwargs.get("filing_type")
        form_class = filing_type.form_class if filing_type else getattr(view.view_class, "form_class", None)
        if form_class is not None and issubclass(form_class, forms.ModelForm):
            assert issubclass(form_class, PortalModelForm), f"{view.view_class.__name__} uses {form_class.__name__}"


@pytest.mark.parametrize("form_class", SECRETARY_FORMS, ids=[f.__name__ for f in SECRETARY_FORMS])
def test_secretary_form_carries_no_association_field(form_class, society_a):
    form = form_class(society=society_a)  # the form itself refuses to be built with one
    decided = forbidden_form_fields(form._meta.model)
    assert not decided & set(form.fields), f"{form_class.__name__} carries {decided & set(form.fields)}"


def test_forms_found_cover_every_filing_and_roster():
    models = {f._meta.model.__name__ for f in SECRETARY_FORMS}
    assert {"OutreachPlan", "Activity", "AnnualSummary", "SpecialFund", "FundReport", "Expenditure"} <= models
    assert {"EducationBase", "BaseAnnualReport", "Recommendation", "Volunteer", "Brand", "Society"} <= models


@pytest.mark.parametrize(
    ("model", "field"),
    [("bases.EducationBase", "status"), ("bases.EducationBase", "valid_until"), ("bases.Recommendation", "decision"),
     ("activities.OutreachPlan", "reviewed_by"), ("funding.FundReport", "total_spent"), ("societies.Society", "level"),
     ("funding.Expenditure", "fund")],
)  # fmt: skip
def test_a_form_with_a_decided_field_refuses_to_be_built(model, field, society_a):
    form_class = forms.modelform_factory(apps.get_model(model), form=PortalModelForm, fields=[field])
    with pytest.raises(ImproperlyConfigured):
        form_class(society=society_a)


def test_secretary_cannot_reopen_a_withdrawn_base(client_a, society_a):
    base = EducationBaseFactory(society=society_a, status=BaseStatus.WITHDRAWN, level="guangxi", batch="2024")
    data = {
        "name": base.name,
        "host_unit": base.host_unit,
        "category": base.category_id,
        "city": base.city,
        "address": base.address,
        "opening_days": 200,
        "status": BaseStatus.OPEN,
        "level": "national",
        "batch": "伪造批次",
    }
    response = client_a.post(reverse("bases:base_update", args=[base.pk]), data)
    assert response.status_code == 302
    base = EducationBase.objects.get(pk=base.pk)
    assert base.status == BaseStatus.WITHDRAWN and base.level == "guangxi" and base.batch == "2024"
    assert base.opening_days == 200  # the secretary's own fields were saved
