"""Factories for bases, their annual reports and recommendations."""

import factory

from bases.models import BaseAnnualReport, BaseCategory, DesignationLevel, EducationBase, Recommendation
from societies.choices import City
from tests.factories import SocietyFactory


def category(name="科技场馆类") -> BaseCategory:
    """A seeded category (the data migration creates them)."""
    return BaseCategory.objects.get_or_create(name=name)[0]


class EducationBaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EducationBase

    society = factory.SubFactory(SocietyFactory)
    name = factory.Sequence(lambda n: f"广西科技馆{n}")
    host_unit = "广西科学技术馆"
    category = factory.LazyFunction(category)
    address = "南宁市青秀区"
    city = City.NANNING
    opening_days = 300
    level = DesignationLevel.SOCIETY


class BaseAnnualReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BaseAnnualReport

    base = factory.SubFactory(EducationBaseFactory)
    society = factory.SelfAttribute("base.society")
    year = 2026
    visitors = 12000
    activities_held = 24
    highlights = "举办科技周系列活动。"


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    base = factory.SubFactory(EducationBaseFactory)
    society = factory.SelfAttribute("base.society")
    year = 2026
    target_level = DesignationLevel.GUANGXI
    reasons = "开放时间长，活动丰富。"
