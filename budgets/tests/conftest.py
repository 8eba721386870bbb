import pytest

from .factories import categories, rules


@pytest.fixture
def budgets_setup(org):
    categories()
    rules()
    return org
