"""The Celery application. Beat schedules are defined in one place: ``kepu_portal.schedules``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kepu_portal.settings")

app = Celery("kepu_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
