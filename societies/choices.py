"""Choice lists shared by the whole portal."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class City(models.TextChoices):
    """The 14 prefecture-level cities of Guangxi."""

    NANNING = "nanning", _("Nanning")
    LIUZHOU = "liuzhou", _("Liuzhou")
    GUILIN = "guilin", _("Guilin")
    WUZHOU = "wuzhou", _("Wuzhou")
    BEIHAI = "beihai", _("Beihai")
    FANGCHENGGANG = "fangchenggang", _("Fangchenggang")
    QINZHOU = "qinzhou", _("Qinzhou")
    GUIGANG = "guigang", _("Guigang")
    YULIN = "yulin", _("Yulin")
    BAISE = "baise", _("Baise")
    HEZHOU = "hezhou", _("Hezhou")
    HECHI = "hechi", _("Hechi")
    LAIBIN = "laibin", _("Laibin")
    CHONGZUO = "chongzuo", _("Chongzuo")


class SocietyLevel(models.TextChoices):
    REGION = "region", _("Region level")
    CITY = "city", _("City level")


class DisciplineGroup(models.TextChoices):
    SCIENCE = "science", _("Natural sciences")
    ENGINEERING = "engineering", _("Engineering")
    AGRICULTURE = "agriculture", _("Agriculture")
    MEDICINE = "medicine", _("Medicine")
    CROSS = "cross", _("Interdisciplinary")


class Role(models.TextChoices):
    SECRETARY = "secretary", _("Society secretary")
    CITY_REVIEWER = "city_reviewer", _("City association reviewer")
    ASSOCIATION = "association", _("Association staff")
