"""Celery application. Tasks are discovered from each app's tasks.py; beat entries live in
settings.CELERY_BEAT_SCHEDULE."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketing_ops.settings")

app = Celery("marketing_ops")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
