"""Seed the base categories the China Association for Science and Technology uses; staff edit them later."""

from django.db import migrations

CATEGORIES = ["科技场馆类", "教育科研与重大工程类", '"三农"类', "企业类", "自然资源类", "网上展馆", "其他类"]


def seed(apps, schema_editor):
    BaseCategory = apps.get_model("bases", "BaseCategory")
    for order, name in enumerate(CATEGORIES, start=1):
        BaseCategory.objects.get_or_create(name=name, defaults={"order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("bases", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
