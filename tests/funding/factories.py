"""Factories for special funds and their lines: plain defaults, amounts as Decimal."""

import datetime
from decimal import Decimal

import factory

from funding.models import Expenditure, FundCategory, FundingSource, FundReport, SourceKind, SpecialFund
from tests.factories import SocietyFactory


class SpecialFundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecialFund

    society = factory.SubFactory(SocietyFactory)
    year = 2026
    project_name = factory.Sequence(lambda n: f"青少年科普进校园项目{n}")
    category = FundCategory.KEY_PROJECT
    budget = Decimal("100000.00")
    description = "面向中小学生的科学实验课。"


class FundingSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingSource

    fund = factory.SubFactory(SpecialFundFactory)
    kind = SourceKind.ASSOCIATION
    amount = Decimal("10000.00")
    donor = "广西科协"
    received_on = datetime.date(2026, 3, 1)


class ExpenditureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expenditure

    fund = factory.SubFactory(SpecialFundFactory)
    spent_on = datetime.date(2026, 4, 1)
    amount = Decimal("1000.00")
    purpose = "实验器材"


class FundReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundReport

    society = factory.SubFactory(SocietyFactory)
    year = 2026
    summary = "专项经费全部用于科普进校园。"
