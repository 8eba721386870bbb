"""Test settings: the project's settings plus a small document type used to test the shared
approval mechanism on its own, English as the default language for readable assertions, and a
fast password hasher."""

from marketing_ops.env import env_str
from marketing_ops.settings import *  # noqa: F403
from marketing_ops.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]
LANGUAGE_CODE = "en"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests run tasks in-process even when a broker is configured; the real-worker fixture
# (conftest.celery_worker_process) turns this off for its own test.
REAL_BROKER = bool(env_str("CELERY_BROKER_URL"))
CELERY_TASK_ALWAYS_EAGER = True
