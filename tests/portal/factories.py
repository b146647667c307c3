"""Factories of the portal layer (deadlines)."""

import datetime

import factory

from kepu_portal.models import Deadline


class DeadlineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deadline

    kind = "plan"
    year = 2026
    due_on = datetime.date(2026, 3, 31)
    reminders_from = datetime.date(2026, 1, 1)
    note = ""
