"""Seed the staff-editable lookup lists with the themes and campaigns of the 2022 notice.

Staff add, rename, reorder or retire entries in the admin afterwards; this runs once.
"""

import datetime

from django.db import migrations

THEMES = [
    "双碳",
    "食品安全",
    "双减",
    "应急",
    "乡村振兴",
    "科学辟谣",
    "科学道德和学风建设",
    "科学家精神",
    "卫生健康",
    "能源安全",
    "灾害风险",
    "气候变化",
    "科研成果科普",
]

CAMPAIGNS = [
    ("全国科技工作者日", "每年5月30日。"),
    ("科技活动周", "每年5月下旬，具体日期以当年通知为准。"),
    ("全国科普日/全国科普月", "2024年及以前为“全国科普日”（9月）；自2025年起为“全国科普月”，9月全月。"),
    ("八桂科普大行动", "自治区科协组织的全区性科普活动。"),
    ("青少年科学节", ""),
    ("学术年会同步科普", "利用学术年会、交流研讨会、论坛同步开展科普。"),
]

# Only the dates that are fixed by rule; staff add the others each year in the admin.
WINDOW_YEARS = range(2022, 2031)


def seed(apps, schema_editor):
    Theme = apps.get_model("activities", "Theme")
    Campaign = apps.get_model("activities", "Campaign")
    CampaignWindow = apps.get_model("activities", "CampaignWindow")
    for order, name in enumerate(THEMES, start=1):
        Theme.objects.get_or_create(name=name, defaults={"sort_order": order * 10})
    campaigns = {}
    for order, (name, description) in enumerate(CAMPAIGNS, start=1):
        campaigns[name], _ = Campaign.objects.get_or_create(
            name=name, defaults={"sort_order": order * 10, "description": description}
        )
    for year in WINDOW_YEARS:
        day = datetime.date(year, 5, 30)
        CampaignWindow.objects.get_or_create(
            campaign=campaigns["全国科技工作者日"], year=year, defaults={"starts_on": day, "ends_on": day}
        )
        if year >= 2025:
            CampaignWindow.objects.get_or_create(
                campaign=campaigns["全国科普日/全国科普月"],
                year=year,
                defaults={
                    "title": "全国科普月",
                    "starts_on": datetime.date(year, 9, 1),
                    "ends_on": datetime.date(year, 9, 30),
                },
            )


class Migration(migrations.Migration):
    dependencies = [("activities", "0003_campaign_theme_activity_activityattachment_and_more")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
