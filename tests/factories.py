"""factory_boy factories: plain defaults, no surprises."""

import datetime

import factory

from activities.models import OutreachPlan
from societies.choices import City, DisciplineGroup, Role, SocietyLevel
from societies.models import Brand, Commendation, Society, User, Volunteer


class SocietyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Society

    name = factory.Sequence(lambda n: f"广西测试学会{n}")
    short_name = factory.Sequence(lambda n: f"测试{n}")
    discipline = DisciplineGroup.SCIENCE
    level = SocietyLevel.REGION
    city = City.NANNING
    contact_email = factory.Sequence(lambda n: f"society{n}@example.org")
    member_count = 100


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.ASSOCIATION
    password = factory.django.Password("pw-test-123")


class SecretaryFactory(UserFactory):
    role = Role.SECRETARY
    society = factory.SubFactory(SocietyFactory)


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    society = factory.SubFactory(SocietyFactory)
    name = factory.Sequence(lambda n: f"志愿者{n}")
    profession = "教师"
    is_expert = False
    joined_on = datetime.date(2024, 1, 1)


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand

    society = factory.SubFactory(SocietyFactory)
    name = factory.Sequence(lambda n: f"科普品牌{n}")
    started_year = 2020


class CommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commendation

    society = factory.SubFactory(SocietyFactory)
    year = 2025
    kind = "featured_society"
    awarded_on = datetime.date(2025, 12, 1)


class OutreachPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutreachPlan

    society = factory.SubFactory(SocietyFactory)
    year = 2026
    goals = "面向青少年开展科普进校园活动。"
    planned_activity_count = 12
