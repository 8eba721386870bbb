"""The customer archive: list, search, filters, export, duplicate warning, page, files."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from customers.models import Contact, Customer, CustomerFile, search_key
from customers.sections import (
    CustomerSection,
    TimelineEntry,
    TimelineSource,
    register_section,
    register_timeline,
)
from customers.selectors import customer_duplicates
from tests.querycount import assert_constant_queries

from .factories import make_customer, make_customers, make_project, make_visit


def test_search_key_ignores_case_width_and_spaces():
    assert (
        search_key("Ｂｅｉｊｉｎｇ　Motor （Group）")
        == search_key("beijing motor (group)")
        == "beijingmotorgroup"
    )


@pytest.mark.django_db
def test_duplicates_match_full_width_and_company_suffix(org):
    make_customer(org.north, name="北岳汽车集团有限公司", name_en="Beiyue Automobile Group")
    assert [c.name for c in customer_duplicates(name="北岳汽车集团")] == ["北岳汽车集团有限公司"]
    assert customer_duplicates(name="xx", name_en="ＢＥＩＹＵＥ　automobile group")
    assert customer_duplicates(name="南方完全不同公司") == []


def test_list_shows_only_own_region_and_searches_both_names(org, client_for):
    make_customer(org.north, name="北岳汽车集团有限公司", name_en="Beiyue Automobile Group")
    make_customer(org.north, name="燕山重型卡车", name_en="Yanshan Heavy Truck")
    make_customer(org.east, name="申江汽车股份有限公司", name_en="Shenjiang Motor")
    client = client_for(org.north_rep)
    page = client.get("/customers/").content.decode()
    assert "北岳汽车集团有限公司" in page and "燕山重型卡车" in page and "申江汽车" not in page
    assert "燕山" not in client.get("/customers/?q=beiyue").content.decode()
    assert "北岳" in client.get("/customers/?q=BEIYUE automobile").content.decode()
    assert "北岳" in client.get("/customers/?q=北岳").content.decode()
    # An East customer cannot be found by search either.
    assert "申江" not in client.get("/customers/?q=shenjiang").content.decode()


def test_filters_and_sorting(org, client_for):
    make_customer(
        org.north, name="甲客户", klass="A", customer_type="oem", emission_standard="cn6b"
    )
    make_customer(org.north, name="乙客户", klass="D", customer_type="oem", emission_standard="cn5")
    client = client_for(org.director)
    page = client.get("/customers/?class=A").content.decode()
    assert "甲客户" in page and "乙客户" not in page
    page = client.get("/customers/?standard=cn5").content.decode()
    assert "乙客户" in page and "甲客户" not in page
    page = client.get("/customers/?region=east").content.decode()
    assert "甲客户" not in page
    page = client.get("/customers/?sort=name").content.decode()
    assert page.index("乙客户") < page.index("甲客户")  # 乙 U+4E59 sorts before 甲 U+7532
    page = client.get("/customers/?sort=-name").content.decode()
    assert page.index("甲客户") < page.index("乙客户")


def test_customer_list_queries_do_not_grow(org, client_for):
    client = client_for(org.north_manager)
    assert_constant_queries(
        client,
        "/customers/",
        grow=lambda n: make_customers(org.north, n, owner=org.north_rep),
        small=2,
        large=30,
    )


def test_export_is_exactly_the_filtered_rows_and_formula_safe(org, client_for):
    make_customer(org.north, name='=HYPERLINK("x")', klass="A")
    make_customer(org.north, name="北方B类", klass="B")
    make_customer(org.east, name="东方A类", klass="A")
    response = client_for(org.north_rep).get("/customers/export/?class=A")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert names == ['=HYPERLINK("x")']
    cell = sheet.cell(row=2, column=1)
    assert cell.data_type == "s" and cell.quotePrefix


def _customer_post(**overrides):
    data = {
        "name": "北岳汽车集团",
        "name_en": "",
        "customer_type": "oem",
        "region": "",
        "owner": "",
        "address": "",
        "emission_standard": "cn6b",
        "annual_volume": "1000",
        "catalyst_demand_litres": "2000",
        "incumbent_supplier": "",
        "our_share": "5",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
        "contacts-0-name": "王总",
        "contacts-0-title": "总经理",
        "contacts-0-decision_role": "decision_maker",
        "contacts-0-phone": "",
        "contacts-0-email": "",
        "platforms-TOTAL_FORMS": "0",
        "platforms-INITIAL_FORMS": "0",
        "platforms-MIN_NUM_FORMS": "0",
        "platforms-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_likely_duplicate_is_refused_until_confirmed(org, client_for):
    make_customer(org.east, name="北岳汽车集团有限公司", name_en="Beiyue Automobile Group")
    client = client_for(org.north_rep)
    response = client.post("/customers/new/", _customer_post(name="北岳汽车集团　"))
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    # The East customer is outside the rep's view: its region is named, not its page.
    assert "outside your view" in response.content.decode()
    assert Customer.objects.count() == 1 and not Contact.objects.exists()
    response = client.post(
        "/customers/new/", _customer_post(name="北岳汽车集团", confirm_duplicate="on")
    )
    assert response.status_code == 302
    created = Customer.objects.get(name="北岳汽车集团")
    # A rep's new customer is in the rep's region whatever the form says.
    assert created.region == org.north
    assert created.contacts.get().decision_role == "decision_maker"


def test_bad_input_changes_nothing(org, client_for):
    client = client_for(org.north_rep)
    response = client.post(
        "/customers/new/", _customer_post(name="新客户有限公司", our_share="150")
    )
    assert response.status_code == 200
    assert not Customer.objects.exists()


def test_customer_page_key_figures_timeline_and_sections(org, client_for, monkeypatch):
    from customers import sections

    monkeypatch.setattr(sections, "_SECTIONS", dict(sections._SECTIONS))
    monkeypatch.setattr(sections, "_TIMELINE", dict(sections._TIMELINE))
    customer = make_customer(
        org.north, owner=org.north_rep, catalyst_demand_litres=Decimal("396000")
    )
    make_project(customer, owner=org.north_rep)
    make_visit(customer, rep=org.north_rep, purpose="技术交流")
    register_section(
        CustomerSection(
            key="test-extra",
            template="customers/_home_panel.html",
            context=lambda user, c: {"next_steps": [], "overdue": []},
        )
    )
    register_timeline(
        TimelineSource(
            key="test-quotes",
            entries=lambda user, c, limit: [
                TimelineEntry(when=customer.created_at.date(), kind="Quote", title="Quote Q-1")
            ],
        )
    )
    page = client_for(org.north_manager).get(customer.get_absolute_url()).content.decode()
    assert "396,000" in page
    assert "技术交流" in page and "Quote Q-1" in page
    assert 'data-testid="panel-rep-day"' in page  # the registered section is rendered
    assert client_for(org.east_manager).get(customer.get_absolute_url()).status_code == 404


def test_files_are_served_only_to_those_who_see_the_customer(org, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    customer = make_customer(org.north, owner=org.north_rep)
    client = client_for(org.north_rep)
    upload = SimpleUploadedFile("spec.pdf", b"%PDF-1.4 hello", content_type="application/pdf")
    client.post(f"/customers/{customer.pk}/files/", {"files": upload})
    record = CustomerFile.objects.get()
    assert record.name == "spec.pdf"
    assert (
        b"".join(client.get(f"/customers/files/{record.pk}/").streaming_content)
        == b"%PDF-1.4 hello"
    )
    assert client_for(org.east_manager).get(f"/customers/files/{record.pk}/").status_code == 404


def test_disallowed_file_type_is_refused(org, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    customer = make_customer(org.north, owner=org.north_rep)
    upload = SimpleUploadedFile("run.exe", b"MZ....", content_type="application/octet-stream")
    response = client_for(org.north_rep).post(
        f"/customers/{customer.pk}/files/", {"files": upload}, follow=True
    )
    assert "not accepted" in response.content.decode()
    assert not CustomerFile.objects.exists()


def test_htmx_filter_returns_the_table_with_a_matching_export_link(org, client_for):
    make_customer(org.north, name="甲类客户", klass="A")
    make_customer(org.north, name="丁类客户", klass="D")
    response = client_for(org.north_manager).get("/customers/?class=D", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and "丁类客户" in body and "甲类客户" not in body
    assert "/customers/export/?class=D" in body
