import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from techsupport import selectors, services
from techsupport.models import LibraryItem
from tests.querycount import assert_constant_queries

from . import factories as f

pytestmark = pytest.mark.django_db

SOLUTION = {
    "kind": "solution",
    "title": "重柴 国六 SCR 方案",
    "engine_class": "heavy_diesel",
    "emission_standard": "cn6a",
    "recommended_formula": "Cu-SSZ-13, 400 cpsi, 2 × 10.5 L",
    "body": "DOC + DPF + SCR + ASC",
}


def test_tech_support_maintains_the_library_and_a_solution_needs_its_keys(org):
    item = services.library_item_save(actor=org.tech, values=SOLUTION)
    assert item.updated_by == org.tech
    with pytest.raises(ValidationError) as refused:
        services.library_item_save(actor=org.tech, values={**SOLUTION, "recommended_formula": ""})
    assert "recommended_formula" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        services.library_item_save(actor=org.north_rep, values={**SOLUTION, "title": "x"})
    statement = services.library_item_save(
        actor=org.mktadmin,
        values={"kind": "statement", "title": "贵金属回收声明", "body": "We recycle PGM"},
    )
    assert LibraryItem.objects.count() == 2 and statement.engine_class == ""


def test_solution_finder_and_search(org):
    gasoline = f.library_item(by=org.tech, with_file=False)
    diesel = services.library_item_save(actor=org.tech, values=SOLUTION)
    found = selectors.library_list(
        user=org.north_rep, engine_class="heavy_diesel", emission_standard="cn6a"
    )
    assert [i.title for i in found] == [SOLUTION["title"]]
    assert list(selectors.library_list(user=org.finance, search="GDI")) == [gasoline]
    assert list(selectors.library_list(user=org.finance, search="紧耦合")) == [gasoline]
    assert list(selectors.library_list(user=org.finance, search="ssz-13")) == [diesel]


def test_library_pages(org, client_for):
    client = client_for(org.tech)
    response = client.post(
        "/techsupport/library/new/",
        {**SOLUTION, "attachment": [SimpleUploadedFile("s.pdf", f.PDF)]},
    )
    assert response.status_code == 302
    item = LibraryItem.objects.get()
    assert item.file_name == "s.pdf"
    bad = client.post(f"/techsupport/library/{item.pk}/edit/", {**SOLUTION, "engine_class": ""})
    assert (
        bad.status_code == 200 and "A standard product solution needs this." in bad.content.decode()
    )
    item.refresh_from_db()
    assert item.engine_class == "heavy_diesel"
    rep = client_for(org.north_rep)
    page = rep.get("/techsupport/library/?engine_class=heavy_diesel").content.decode()
    assert "Cu-SSZ-13" in page and "/edit/" not in page
    assert b"".join(rep.get(f"/techsupport/library/{item.pk}/file/").streaming_content) == f.PDF


def test_library_list_queries_do_not_grow(org, client_for):
    def grow(n):
        for i in range(n):
            f.library_item(by=org.tech, title=f"方案 {i}", with_file=False)

    assert_constant_queries(
        client_for(org.north_rep), "/techsupport/library/", grow=grow, small=2, large=30
    )
