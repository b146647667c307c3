"""Factories of the activities app: plain defaults, no surprises."""

import datetime

import factory
from django.core.files.base import ContentFile

from activities.models import Activity, ActivityAttachment, ActivityPhoto, AnnualSummary, Campaign, Theme
from tests.factories import OutreachPlanFactory, SocietyFactory, VolunteerFactory
from tests.uploads import image_bytes, pdf_bytes

__all__ = [
    "ActivityAttachmentFactory",
    "ActivityFactory",
    "ActivityPhotoFactory",
    "AnnualSummaryFactory",
    "ExpertFactory",
    "OutreachPlanFactory",
    "ReviewedActivityFactory",
    "campaign",
    "theme",
]


class ExpertFactory(VolunteerFactory):
    is_expert = True
    expertise = "物理学"


class ActivityFactory(factory.django.DjangoModelFactory):
    """A draft activity without a content review (so it cannot be submitted yet)."""

    class Meta:
        model = Activity

    society = factory.SubFactory(SocietyFactory)
    title = factory.Sequence(lambda n: f"科普进校园活动{n}")
    description = "为中小学生讲解物理实验。"
    start_date = datetime.date(2026, 5, 20)
    end_date = factory.SelfAttribute("start_date")
    year = factory.LazyAttribute(lambda a: a.start_date.year)
    city = factory.SelfAttribute("society.city")
    setting = "school"
    offline_sessions = 1
    offline_attendance = 100


class ReviewedActivityFactory(ActivityFactory):
    """An activity whose content review has passed, by an expert of its own society."""

    content_reviewer = factory.SubFactory(ExpertFactory, society=factory.SelfAttribute("..society"))
    political_review_passed = True
    scientific_review_passed = True
    content_reviewed_on = factory.SelfAttribute("start_date")


class ActivityPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityPhoto

    activity = factory.SubFactory(ActivityFactory)
    image = factory.LazyFunction(lambda: ContentFile(image_bytes("JPEG"), name="photo.jpg"))
    thumbnail = factory.LazyFunction(lambda: ContentFile(image_bytes("JPEG", size=(32, 24)), name="thumb.jpg"))
    original_name = "活动现场.jpg"


class ActivityAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityAttachment

    activity = factory.SubFactory(ActivityFactory)
    file = factory.LazyFunction(lambda: ContentFile(pdf_bytes(), name="file.pdf"))
    original_name = "活动方案.pdf"


class AnnualSummaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualSummary

    society = factory.SubFactory(SocietyFactory)
    year = 2026
    narrative = "全年开展科普活动。"


def theme(name: str) -> Theme:
    """A theme seeded by the data migration."""
    return Theme.objects.get(name=name)


def campaign(name: str) -> Campaign:
    return Campaign.objects.get(name=name)
