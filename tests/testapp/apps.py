from django.apps import AppConfig


class TestAppConfig(AppConfig):
    """A small document type for testing the shared mechanisms on their own. Its policy is in
    permissions.py and its approval handler in handlers.py, found by convention like every
    app's."""

    name = "tests.testapp"
    label = "testapp"
